// What the binary prints for errors: the source line with a caret, control
// characters escaped in text and JSON mode, long values cut with their size,
// and the same text in the JSON document as on stderr (retort/error_text.hpp,
// retort/display_text.hpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

// The first byte a terminal would act on (C0 other than '\n', DEL, a C1
// control's UTF-8 pair), or npos.
std::size_t raw_control_at(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return i;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)
      return i;
  }
  return std::string::npos;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Parses stdout as one JSON document; fails the test when it is not one.
nlohmann::json json_document(const ProcessResult& result) {
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "stdout is not one JSON document (" << error.what() << "):\n" << result.out;
    return nullptr;
  }
}

const std::string k_esc_name = "d0000001_\x1b[31mred.sql";
const std::string k_esc_key_file =
    "-- revision: d0000001\n-- down_revision: c0000001\n-- mesage\x1b[2J: hi\n\n"
    "-- migrate:upgrade\nSELECT 1;\n";

TEST(ErrorOutput, ControlCharactersInFileNamesAndMessagesAreEscaped) {
  DiamondProject project;
  project.add(k_esc_name, k_esc_key_file);
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(raw_control_at(result.err), std::string::npos) << result.err;
  EXPECT_TRUE(contains(result.err, "d0000001_\\x1b[31mred.sql:3:4: ")) << result.err;
  EXPECT_TRUE(contains(result.err, "unknown header key 'mesage\\x1b[2J'")) << result.err;

  auto json = project.run({"heads", "--format", "json"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(raw_control_at(json.out), std::string::npos) << json.out;
  auto document = json_document(json);
  // The structured fields carry the data as it is; "text" as it is printed.
  EXPECT_EQ(document["error"]["location"]["file"], (project.migrations() / k_esc_name).string());
  EXPECT_TRUE(contains(document["error"]["message"], "mesage\x1b[2J"));
  EXPECT_EQ(document["error"]["text"], result.err.substr(0, result.err.size() - 1));
}

TEST(ErrorOutput, ControlCharactersInOutputAndWarningsAreEscaped) {
  DiamondProject project;
  project.add(k_esc_name, migration_text("d0000001", "c0000001", "clear \x1b[2J screen\x07"));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"history", "-v"}, {"show", "d0000001"}, {"heads", "-v"}}) {
    auto result = project.run(args);
    SCOPED_TRACE(args.front());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(raw_control_at(result.out), std::string::npos) << result.out;
    EXPECT_TRUE(contains(result.out, "clear \\x1b[2J screen\\x07")) << result.out;

    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json"});
    auto json = project.run(json_args);
    EXPECT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(raw_control_at(json.out), std::string::npos) << json.out;
    EXPECT_TRUE(contains(json_document(json).dump(), "clear \\u001b[2J screen")) << json.out;
  }
}

TEST(ErrorOutput, FormatErrorShowsTheSourceLineWithACaret) {
  DiamondProject project;
  const auto path = project.add("d0000001_typo.sql",
                                "-- revision: d0000001\n-- down_revison: c0000001\n\n"
                                "-- migrate:upgrade\nSELECT 1;\n");
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  const auto lines = split_lines(result.err);
  ASSERT_GE(lines.size(), 4u) << result.err;
  EXPECT_EQ(
      lines[0].rfind("error: " + path.string() + ":2:4: unknown header key 'down_revison'", 0), 0u)
      << result.err;
  EXPECT_EQ(lines[1], "    2 | -- down_revison: c0000001");
  EXPECT_EQ(lines[2], "      |    ^");
  EXPECT_EQ(lines[3], "hint: did you mean 'down_revision'?");
}

TEST(ErrorOutput, ConfigErrorShowsTheSourceLineWithACaret) {
  DiamondProject project;
  project.write("config/retort.yaml", "script_location: ../migrations\nlock_wait_s: later\n");
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  const auto lines = split_lines(result.err);
  ASSERT_GE(lines.size(), 3u) << result.err;
  EXPECT_EQ(lines[1], "    2 | lock_wait_s: later");
  EXPECT_EQ(lines[2], "      |              ^");
}

TEST(ErrorOutput, LongValuesGiveShortErrorsThatStateTheirSize) {
  DiamondProject project;
  const std::string huge(102400, 'a');
  const std::string big(10240, 'a');  // under the argument limit: reaches the echo sites
  struct Row {
    const char* name;
    std::vector<std::string> args;
    std::string size_note;
  };
  const std::vector<Row> rows = {
      {"100 KB target", {"show", huge}, "(102400 bytes)"},
      {"100 KB --url", {"current", "--url", huge}, "(102400 bytes)"},
      {"100 KB --url=", {"current", "--url=" + huge}, "(102406 bytes)"},
      {"100 KB command", {huge}, "(102400 bytes)"},
      {"10 KB target", {"show", big}, "(10240 bytes)"},
      {"10 KB range",
       {"history", "-r", big.substr(5000) + ":" + big.substr(5000) + ":x"},
       "(10483 bytes)"},
      {"10 KB relative target", {"upgrade", "--sql", big + "@+1"}, "bytes)"},
      {"10 KB --url", {"current", "--url", big}, "(10240 bytes)"},
      {"10 KB command", {big}, "(10240 bytes)"},
      {"10 KB flag", {"heads", "--" + big}, "bytes)"},
      {"10 KB --format", {"heads", "--format", big}, "bytes)"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    auto result = project.run(row.args);
    EXPECT_EQ(result.exit_code, 2) << result.err.substr(0, 500);
    EXPECT_LT(result.err.size(), 3000u) << result.err.substr(0, 3000);
    EXPECT_TRUE(contains(result.err, row.size_note)) << result.err.substr(0, 3000);

    if (row.args.back() == big && row.args[1] == "--format") continue;  // would override json
    std::vector<std::string> json_args = row.args;
    json_args.insert(json_args.begin(), {"--format", "json"});
    auto json = project.run(json_args);
    EXPECT_EQ(json.exit_code, 2);
    EXPECT_LT(json.out.size(), 6000u) << json.out.substr(0, 6000);
    auto document = json_document(json);
    EXPECT_EQ(document["ok"], false);
  }
}

TEST(ErrorOutput, LongRevisionIdInAFileIsCutAndItsLineWindowed) {
  DiamondProject project;
  const std::string id(102400, 'a');
  project.add("d0000001_long.sql", migration_text(id, "c0000001", "long id"));
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_LT(result.err.size(), 3000u) << result.err.substr(0, 3000);
  EXPECT_TRUE(contains(result.err, "(102400 bytes)")) << result.err;
  const auto lines = split_lines(result.err);
  ASSERT_GE(lines.size(), 3u) << result.err;
  EXPECT_EQ(lines[1].rfind("    1 | -- revision: aaaa", 0), 0u) << lines[1];
  EXPECT_LT(lines[1].size(), 120u) << lines[1];
  EXPECT_EQ(lines[2], "      |              ^");
}

TEST(ErrorOutput, OversizedInputsAreRefusedWithTheirSizeAndTheLimit) {
  DiamondProject project;
  // A sparse file: 65 MiB without writing them.
  const auto path = project.add("d0000001_huge.sql", migration_text("d0000001", "c0000001", "x"));
  std::filesystem::resize_file(path, 65 * 1024 * 1024);
  auto file = project.run({"heads"});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_TRUE(contains(file.err, "68157440 bytes; the limit is 64 MiB (67108864 bytes)"))
      << file.err;
  std::filesystem::remove(path);

  project.write("config/retort.yaml",
                "script_location: ../migrations\n# " + std::string(2 * 1024 * 1024, 'x') + "\n");
  auto config = project.run({"heads"});
  EXPECT_EQ(config.exit_code, 2);
  EXPECT_TRUE(contains(config.err, "the limit is 1048576 bytes")) << config.err;
  EXPECT_LT(config.err.size(), 1000u);
}

TEST(ErrorOutput, JsonErrorDocumentsStayValidJson) {
  DiamondProject project;
  project.add(k_esc_name, k_esc_key_file);
  const std::vector<std::vector<std::string>> runs = {
      {"heads"},
      {"frobnicate"},
      {"show", "zzzz9999"},
      {"history", "-r", "a:b:c"},
      {"heads", "--no-such-flag"},
      {"heads", "--config", "missing\x1b[2J.yaml"},
      {"show", std::string(102400, 'a')},
  };
  for (const auto& args : runs) {
    SCOPED_TRACE(args.front());
    std::vector<std::string> json_args = args;
    json_args.push_back("--format=json");
    auto result = project.run(json_args);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(result.err, "") << "the document is the whole report";
    EXPECT_EQ(raw_control_at(result.out), std::string::npos) << result.out;
    auto document = json_document(result);
    ASSERT_TRUE(document.is_object()) << result.out;
    EXPECT_EQ(document["ok"], false);
    EXPECT_EQ(document["exit_code"], result.exit_code);
    ASSERT_TRUE(document["error"]["text"].is_string()) << result.out;
    const std::string text = document["error"]["text"];
    EXPECT_EQ(text.rfind("error: ", 0), 0u) << text;

    auto plain = project.run(args);  // the same run in text mode prints the same text
    EXPECT_EQ(plain.err, text + "\n");
  }
}

}  // namespace
}  // namespace retort::testing
