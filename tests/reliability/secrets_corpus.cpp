#include "reliability/secrets_corpus.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace retort::testing::corpus {
namespace {

// Prints the tally once the suite is done: the figure the issue quotes.
class TallyPrinter final : public ::testing::Environment {
 public:
  void TearDown() override {
    if (tally().runs == 0) return;
    fmt::print("secrets corpus: {} runs, {} outputs checked, {} leaks\n", tally().runs,
               tally().outputs, tally().leaks);
  }
};

const auto* const g_printer = ::testing::AddGlobalTestEnvironment(new TallyPrinter);

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string encoded(const std::string& text, bool every_byte, bool upper) {
  std::string result;
  for (unsigned char c : text) {
    if (!every_byte && is_unreserved(c)) {
      result += static_cast<char>(c);
    } else {
      result += upper ? fmt::format("%{:02X}", c) : fmt::format("%{:02x}", c);
    }
  }
  return result;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded_once(const std::string& text) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      result += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      result += text[i];
    }
  }
  return result;
}

}  // namespace

Tally& tally() {
  static Tally instance;
  return instance;
}

std::vector<std::string> spellings(const std::string& secret) {
  std::vector<std::string> result{secret};
  for (bool every_byte : {true, false}) {
    for (bool upper : {true, false}) {
      std::string spelled = encoded(secret, every_byte, upper);
      if (std::find(result.begin(), result.end(), spelled) == result.end())
        result.push_back(std::move(spelled));
    }
  }
  return result;
}

std::string percent_decoded(const std::string& text) {
  return decoded_once(decoded_once(text));
}

void expect_no_secret(const std::string& where, const std::string& text,
                      const std::vector<std::string>& secrets) {
  ++tally().outputs;
  std::vector<std::string> wanted = secrets;
  wanted.emplace_back(k_core);
  const std::string decoded = percent_decoded(text);
  for (const auto& secret : wanted) {
    for (const auto& spelling : spellings(secret)) {
      const bool raw = text.find(spelling) != std::string::npos;
      if (!raw && decoded.find(spelling) == std::string::npos) continue;
      ++tally().leaks;
      ADD_FAILURE() << where << ": the secret '" << secret << "' appears as '" << spelling << "'"
                    << (raw ? "" : " once decoded") << " in:\n"
                    << text.substr(0, 4000);
      return;
    }
  }
}

void expect_clean_run(const std::string& where, const ProcessResult& result,
                      const std::vector<std::string>& secrets) {
  ++tally().runs;
  expect_no_secret(where + " (stdout)", result.out, secrets);
  expect_no_secret(where + " (stderr)", result.err, secrets);
}

std::unique_ptr<CorpusDatabase> CorpusDatabase::create(PgServer& server) {
  if (server.port() == 0) return nullptr;
  std::unique_ptr<CorpusDatabase> database(new CorpusDatabase);
  static int counter = 0;
  database->m_name = fmt::format("corpus_{}_{}", getpid(), ++counter);
  database->m_port = server.port();
  const std::string& admin = server.admin_url();
  PgServer::query(admin,
                  "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'corpus') "
                  "THEN CREATE ROLE corpus LOGIN; END IF; END $$");
  PgServer::query(admin, fmt::format("ALTER ROLE corpus PASSWORD '{}'", k_password));
  PgServer::query(admin, fmt::format("CREATE DATABASE {} OWNER corpus", database->m_name));
  // The admin URL with the database swapped in, as PgServer::create_database() does.
  std::string socket_url = admin;
  const auto slash = socket_url.find("/postgres");
  if (slash != std::string::npos) {
    socket_url.replace(slash + 1, 8, database->m_name);
  } else {
    socket_url +=
        (socket_url.find('?') == std::string::npos ? "?" : "&") + ("dbname=" + database->m_name);
  }
  database->m_admin_url = socket_url;

  const auto& dir = database->m_dir;
  dir.write("retort.yaml", "script_location: migrations\n");
  dir.write("migrations/001_aaaa.sql",
            "-- revision: aaaa\n-- down_revision:\n-- message: first\n\n-- migrate:upgrade\n"
            "CREATE TABLE first (id int);\n\n-- migrate:downgrade\nDROP TABLE first;\n");
  dir.write("migrations/002_bbbb.sql",
            "-- revision: bbbb\n-- down_revision: aaaa\n-- message: second\n\n"
            "-- migrate:upgrade\nCREATE TABLE second (id int);\n\n"
            "-- migrate:downgrade\nDROP TABLE second;\n");
  return database;
}

std::string CorpusDatabase::url(const std::string& password_in_url,
                                const std::string& query) const {
  return fmt::format("postgresql://corpus:{}@127.0.0.1:{}/{}{}", password_in_url, m_port, m_name,
                     query);
}

std::vector<UrlCase> CorpusDatabase::url_cases() const {
  const std::string host = fmt::format("127.0.0.1:{}", m_port);
  const std::vector<std::string> good{k_password, k_password_in_url};
  return {
      // Logs in: every command's output, JSON and the history rows are checked.
      {"good password", url(k_password_in_url), good, true},
      {"SQLAlchemy scheme",
       fmt::format("postgresql+psycopg2://corpus:{}@{}/{}", k_password_in_url, host, m_name), good,
       true},
      // Refused by the server or the network.
      {"wrong password", url("Wr0ng-s3cr3t%40x"), {"Wr0ng-s3cr3t@x", "Wr0ng-s3cr3t%40x"}},
      {"unreachable port", fmt::format("postgresql://corpus:{}@127.0.0.1:1/x", k_password_in_url),
       good},
      {"unknown host",
       fmt::format("postgresql://corpus:{}@nonexistent.invalid/x", k_password_in_url), good},
      {"bad database name",
       fmt::format("postgresql://corpus:{}@{}/no_such_database", k_password_in_url, host), good},
      // URLs libpq cannot parse; its message echoes a piece of them.
      {"%ZZ in the password", url("Kx7-s3cr3t%ZZ"), {"Kx7-s3cr3t%ZZ"}},
      {"%zz in the password", url("Kx7-s3cr3t%zz"), {"Kx7-s3cr3t%zz"}},
      {"%00 in the password", url("Kx7-s3cr3t%00end"), {"Kx7-s3cr3t%00end"}},
      {"unclosed IPv6 bracket",
       fmt::format("postgresql://corpus:{}@[::1/{}", k_password_in_url, m_name), good},
      {"raw '/' in the password", url("K3y1/s3cr3t"), {"K3y1/s3cr3t", "K3y1"}},
      {"raw '@' in the password", url("Kx7q@s3cr3t"), {"Kx7q@s3cr3t", "Kx7q"}},
      {"raw space in the password", url("Kx7 s3cr3t"), {"Kx7 s3cr3t"}},
      {"?password= with %ZZ",
       fmt::format("postgresql://corpus@{}/{}?password=Kx7-s3cr3t%ZZ", host, m_name),
       {"Kx7-s3cr3t%ZZ"}},
      {"&password= mid-query, wrong",
       fmt::format("postgresql://corpus@{}/{}?sslmode=disable&password=Wr0ng-s3cr3t&"
                   "application_name=corpus",
                   host, m_name),
       {"Wr0ng-s3cr3t"}},
      {"&password= after a bad parameter",
       fmt::format("postgresql://corpus@{}/{}?sslmode=bogus&password=Wr0ng-s3cr3t", host, m_name),
       {"Wr0ng-s3cr3t"}},
      // libpq keyword/value strings.
      {"keyword/value, quoted, wrong",
       fmt::format("host=127.0.0.1 port={} dbname={} user=corpus password='Wr0ng s3cr3t'", m_port,
                   m_name),
       {"Wr0ng s3cr3t"}},
      {"keyword/value, unterminated quote",
       fmt::format("host=127.0.0.1 port={} user=corpus password='Wr0ng s3cr3t", m_port),
       {"Wr0ng s3cr3t"}},
      // Refused by retort's own checks, which echo the value.
      {"unsupported scheme", fmt::format("mysql://corpus:{}@{}/x", k_password_in_url, host), good},
      {"no scheme", fmt::format("corpus:{}@{}/x", k_password_in_url, host), good},
  };
}

std::vector<std::string> CorpusDatabase::table_rows() const {
  std::vector<std::string> rows;
  for (const char* table : {"alembic_version", "retort_history"}) {
    auto exists = PgServer::query(m_admin_url, fmt::format("SELECT to_regclass('{}')", table));
    if (exists.empty() || exists[0] == "NULL") continue;
    for (auto& row : PgServer::query(
             m_admin_url, fmt::format("SELECT row_to_json(t)::text FROM {} AS t", table))) {
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace retort::testing::corpus
