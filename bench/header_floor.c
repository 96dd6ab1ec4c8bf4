/* The floor of reading a project: what any tool that needs each migration's
 * header must do at the least. Lists DIR once, then opens every `*.sql`
 * entry, reads its first block (4 KiB, which holds the header of any file
 * `retort revision` writes) and closes it; no parsing beyond finding the end
 * of the header (the first line that does not start with "--"), no sorting,
 * one thread.
 *
 * usage: header_floor DIR
 * Prints the number of files read and the total header bytes; exits 1 when
 * DIR cannot be listed or a file cannot be read.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static size_t header_length(const char *text, size_t size) {
  size_t at = 0;
  while (at + 1 < size && text[at] == '-' && text[at + 1] == '-') {
    const char *end = memchr(text + at, '\n', size - at);
    if (end == NULL) return size;
    at = (size_t)(end - text) + 1;
  }
  return at;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: header_floor DIR\n");
    return 2;
  }
  DIR *dir = opendir(argv[1]);
  if (dir == NULL) {
    perror(argv[1]);
    return 1;
  }
  int dir_fd = dirfd(dir);
  char block[4096];
  size_t files = 0, header_bytes = 0;
  const struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    size_t length = strlen(entry->d_name);
    if (length <= 4 || entry->d_name[0] == '.' || strcmp(entry->d_name + length - 4, ".sql") != 0)
      continue;
    int fd = openat(dir_fd, entry->d_name, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd < 0 ? -1 : read(fd, block, sizeof block);
    if (got < 0) {
      perror(entry->d_name);
      return 1;
    }
    close(fd);
    header_bytes += header_length(block, (size_t)got);
    ++files;
  }
  closedir(dir);
  printf("%zu files, %zu header bytes\n", files, header_bytes);
  return 0;
}
