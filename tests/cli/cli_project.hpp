// Small projects on disk for the CLI tests, and helpers to run retort in them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing {

// The text of a migration file. `extra` holds more header lines ("-- branch_labels: [x]").
inline std::string migration_text(const std::string& id, const std::string& down,
                                  const std::string& message, const std::string& extra = "") {
  return "-- revision: " + id + "\n-- down_revision: " + down + "\n-- message: " + message + "\n" +
         extra + "\n-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\nSELECT 2;\n";
}

// A project: <dir>/config/retort.yaml (script_location: ../migrations) and
// <dir>/migrations/ holding the labelled diamond with a tail:
//   a0000001 <- b1000001 (billing), a0000001 <- b2000001 (shipping),
//   m0000001 = merge(b1000001, b2000001), m0000001 <- c0000001.
class DiamondProject {
 public:
  DiamondProject() {
    m_dir.write("config/retort.yaml", "script_location: ../migrations\n");
    add("a0000001_create_customers.sql", migration_text("a0000001", "", "create customers"));
    add("b1000001_invoices.sql",
        migration_text("b1000001", "a0000001", "invoices", "-- branch_labels: [billing]\n"));
    add("b2000001_shipments.sql",
        migration_text("b2000001", "a0000001", "shipments", "-- branch_labels: [shipping]\n"));
    add("m0000001_merge.sql",
        migration_text("m0000001", "[b1000001, b2000001]", "merge billing and shipping"));
    add("c0000001_order_status.sql", migration_text("c0000001", "m0000001", "add order status"));
  }

  const std::filesystem::path& root() const { return m_dir.path(); }
  std::filesystem::path migrations() const { return m_dir.path() / "migrations"; }
  std::filesystem::path config_file() const { return m_dir.path() / "config" / "retort.yaml"; }
  std::filesystem::path add(const std::string& name, const std::string& text) const {
    return m_dir.write("migrations/" + name, text);
  }
  void write(const std::string& relative, const std::string& text) const {
    m_dir.write(relative, text);
  }

  // retort run with the project root as working directory.
  ProcessResult run(const std::vector<std::string>& args) const { return run_in(root(), args); }

  static ProcessResult run_in(const std::filesystem::path& cwd,
                              const std::vector<std::string>& args) {
    ProcessOptions options;
    options.cwd = cwd;
    options.unset_env = {"RETORT_CONFIG",          "RETORT_URL",           "DATABASE_URL", "DB_URL",
                         "RETORT_SCRIPT_LOCATION", "RETORT_VERSION_TABLE", "NO_COLOR"};
    return run_retort(args, options);
  }

 private:
  TempDir m_dir;
};

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

inline std::size_t count_files(const std::filesystem::path& dir) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

}  // namespace retort::testing
