// The secrets corpus (docs/architecture.md §11): URLs with distinctive
// passwords in every shape libpq and people write, run through the binary
// and `retort lambda`, and a check of every output they produce. Every
// password of the corpus holds k_core, so a part of one is a leak too.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/pg_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing::corpus {

// In every password of the corpus, and in nothing else it produces.
inline constexpr const char* k_core = "s3cr3t";
// The password of the role the corpus logs in as, and as a URL spells it.
inline constexpr const char* k_password = "Kx7-s3cr3t!p@ss/w%rd";
inline constexpr const char* k_password_in_url = "Kx7-s3cr3t%21p%40ss%2Fw%25rd";

// A URL (or keyword/value string) and the secrets it carries, as written
// and decoded; `connects` when retort gets through with it.
struct UrlCase {
  std::string name;
  std::string url;
  std::vector<std::string> secrets;
  bool connects = false;
};

// The tally the closing line prints: runs (a CLI process or a Lambda
// invocation), outputs checked, leaks found.
struct Tally {
  int runs = 0;
  int outputs = 0;
  int leaks = 0;
};
Tally& tally();

// Every way `secret` may appear in an output: raw, each byte
// percent-encoded (upper- and lower-case hex), and only the characters
// outside [A-Za-z0-9-._~] percent-encoded (both cases).
std::vector<std::string> spellings(const std::string& secret);

// `text` with its percent-escapes decoded, twice (so %2540 becomes '@').
std::string percent_decoded(const std::string& text);

// Adds a test failure naming `where` for every secret of `secrets`, and
// k_core, found in `text` in any spelling, or in percent_decoded(text).
// Counts one output checked.
void expect_no_secret(const std::string& where, const std::string& text,
                      const std::vector<std::string>& secrets);

// Checks stdout and stderr of a CLI run; counts the run.
void expect_clean_run(const std::string& where, const ProcessResult& result,
                      const std::vector<std::string>& secrets);

// One database on the shared server, owned by the role "corpus" whose
// password is k_password, reachable over TCP; a project directory with two
// revisions and a config file without a URL.
class CorpusDatabase {
 public:
  // nullptr when `server` has no TCP port (RETORT_TEST_DATABASE_URL).
  static std::unique_ptr<CorpusDatabase> create(PgServer& server);

  // postgresql://corpus:<password as given>@127.0.0.1:<port>/<database><query>
  std::string url(const std::string& password_in_url, const std::string& query = "") const;
  // The same over the Unix socket as the suite's superuser, for checking.
  const std::string& admin_url() const { return m_admin_url; }
  const std::string& name() const { return m_name; }
  int port() const { return m_port; }

  const TempDir& dir() const { return m_dir; }
  // retort.yaml: script_location only.
  std::string config_path() const { return (m_dir.path() / "retort.yaml").string(); }

  // The cases of the corpus (secrets_corpus.cpp lists and explains them).
  std::vector<UrlCase> url_cases() const;

  // Every row of the version and history tables, as JSON text.
  std::vector<std::string> table_rows() const;

 private:
  CorpusDatabase() = default;
  TempDir m_dir;
  std::string m_name;
  std::string m_admin_url;
  int m_port = 0;
};

}  // namespace retort::testing::corpus
