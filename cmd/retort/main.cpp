// Placeholder entry point; replaced by the CLI front-end.
int main() { return 0; }
