// `current`, `history -i` and `check` against a real PostgreSQL
// (docs/alembic-semantics.md §7.7, §7.12, §8 #34; docs/architecture.md §4-§5: the
// database ahead of the code, drift detection through retort_history).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

// L3: aaaa <- bbbb <- cccc.
class CurrentAndCheck : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_linear_graph(into); }

  // The text of migrations/<name>.
  std::string file_text(const std::string& name) const {
    return read_file(project->dir().path() / "migrations" / name);
  }
  // Replaces `from` by `to` in migrations/<name> (the file must contain it).
  void edit_file(const std::string& name, const std::string& from, const std::string& to) const {
    std::string text = file_text(name);
    auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from << " not in " << name;
    text.replace(pos, from.size(), to);
    project->add_file(name, text);
  }
  // Position of `needle` in `text`, or npos.
  static std::size_t at(const std::string& text, const std::string& needle) {
    return text.find(needle);
  }
};

// --- current ----------------------------------------------------------------

TEST_F(CurrentAndCheck, CurrentOnANewDatabasePrintsNothingAndCreatesNothing) {  // §5.1, §7.7
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_FALSE(project->table_exists("public.retort_history"));
}

TEST_F(CurrentAndCheck, CurrentAtHeadPrintsTheHead) {  // §7.7
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "cccc (head)\n");
}

TEST_F(CurrentAndCheck, CurrentBelowHeadPrintsTheRevision) {  // §7.7
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "bbbb\n");
}

TEST_F(CurrentAndCheck, CurrentVerboseMasksThePassword) {  // §7.7, architecture §6
  ASSERT_TRUE(given({"upgrade", "head"}));
  // The same database over TCP with a password.
  const std::string& url = project->url();
  auto start = url.find("@/") + 2;
  std::string database = url.substr(start, url.find('?') - start);
  MigrationProject tcp(server->tcp_url(database, "retort"));
  add_linear_graph(tcp);
  auto result = tcp.retort({"current", "-v"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The password is "retort", the user's name too: a registered secret is
  // masked wherever it appears (retort/redact.hpp), so the user is as well.
  EXPECT_TRUE(contains(result.out, "Current revision(s) for postgresql://***:***@127.0.0.1"))
      << result.out;
  EXPECT_FALSE(contains(result.out + result.err, ":retort@")) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Rev: cccc (head)")) << result.out;
}

TEST_F(CurrentAndCheck, CurrentHidesARedundantRow) {  // §8 #34
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  insert_rows({"aaaa"});  // hand-made corruption: aaaa is implied by bbbb
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "bbbb\n");
}

TEST_F(CurrentAndCheck, UpgradeWithARedundantRowIsAnOverlapError) {  // §8 #34
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  insert_rows({"aaaa"});
  auto result = retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "overlaps with other requested revisions")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"aaaa", "bbbb"}));
}

TEST_F(CurrentAndCheck, DowngradeBaseWithARedundantRowStillWorks) {  // §8 #34
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  insert_rows({"aaaa"});
  auto result = retort({"downgrade", "base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-bbbb,-aaaa");
  EXPECT_EQ(rows(), Rows{});
  EXPECT_EQ(tables(), "");
}

TEST_F(CurrentAndCheck, CurrentNamesEveryRevisionNoFileDefines) {  // architecture §5
  ASSERT_TRUE(given({"upgrade", "head"}));
  insert_rows({"yyyy", "zzzz"});
  auto result = retort({"current"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "yyyy")) << result.err;
  EXPECT_TRUE(contains(result.err, "zzzz")) << result.err;
}

// --- upgrade / downgrade refusals -------------------------------------------

TEST_F(CurrentAndCheck, UpgradeRefusesADatabaseAheadOfTheFiles) {  // architecture §5
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  insert_rows({"yyyy", "zzzz"});
  auto result = retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "'yyyy'")) << result.err;
  EXPECT_TRUE(contains(result.err, "'zzzz'")) << result.err;
  EXPECT_FALSE(contains(result.err, "'bbbb'")) << result.err;
  EXPECT_TRUE(contains(result.err, "error: ")) << result.err;
  EXPECT_TRUE(contains(result.err, "\nhint: ")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"bbbb", "yyyy", "zzzz"}));
  EXPECT_FALSE(has_table("cccc"));
}

TEST_F(CurrentAndCheck, DowngradeThroughAnIrreversibleRevisionIsRefusedBeforeAnythingRuns) {
  // architecture §2: refused with a clear error before anything runs.
  MigrationSpec irreversible = logged_revision("dddd", {"cccc"});
  irreversible.irreversible = true;
  project->add(irreversible);
  project->add(logged_revision("eeee", {"dddd"}));
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "bbbb"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "dddd")) << result.err;
  EXPECT_TRUE(contains(result.err, "004_dddd.sql")) << result.err;
  EXPECT_TRUE(contains(result.err, "no downgrade section")) << result.err;
  EXPECT_TRUE(contains(result.err, "\nhint: ")) << result.err;
  EXPECT_EQ(log(), "");  // eeee, above dddd, did not run either
  EXPECT_EQ(rows(), (Rows{"eeee"}));
  EXPECT_EQ(tables(), "aaaa,bbbb,cccc,dddd,eeee");
}

// --- history -i ---------------------------------------------------------------

TEST_F(CurrentAndCheck, HistoryIndicateCurrentMarksTheRow) {  // §7.6
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  auto result = retort({"history", "-i"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  EXPECT_EQ(lines[0], "bbbb -> cccc (head), create cccc");
  EXPECT_EQ(lines[1], "aaaa -> bbbb (current), create bbbb");
  EXPECT_EQ(lines[2], "<base> -> aaaa, create aaaa");
}

TEST_F(CurrentAndCheck, HistoryIndicateCurrentOnANewDatabaseMarksNothing) {  // §5.1, §7.6
  auto result = retort({"history", "-i"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(contains(result.out, "(current)")) << result.out;
  EXPECT_EQ(lines_of(result.out).size(), 3u) << result.out;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
}

// --- check -----------------------------------------------------------------------

TEST_F(CurrentAndCheck, CheckAtHeadSucceeds) {  // §7.12
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CurrentAndCheck, CheckBehindFailsListingPendingInUpgradeOrder) {  // §7.12
  ASSERT_TRUE(given({"upgrade", "aaaa"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  std::string all = result.out + result.err;
  ASSERT_NE(at(all, "bbbb"), std::string::npos) << all;
  ASSERT_NE(at(all, "cccc"), std::string::npos) << all;
  EXPECT_LT(at(all, "bbbb"), at(all, "cccc")) << all;
  EXPECT_EQ(rows(), (Rows{"aaaa"}));
  EXPECT_EQ(log(), "");
}

TEST_F(CurrentAndCheck, CheckOnANewDatabaseFailsAndCreatesNothing) {  // §7.12
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, "aaaa")) << result.out << result.err;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_FALSE(project->table_exists("public.retort_history"));
}

TEST_F(CurrentAndCheck, CheckFailsWhenTheDatabaseIsAhead) {  // architecture §5
  ASSERT_TRUE(given({"upgrade", "head"}));
  insert_rows({"zzzz"});
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, "zzzz")) << result.out << result.err;
}

TEST_F(CurrentAndCheck, CheckFailsWhenAnAppliedFileWasEdited) {  // architecture §4 (drift)
  ASSERT_TRUE(given({"upgrade", "head"}));
  edit_file("002_bbbb.sql", "CREATE TABLE t_bbbb (id int);", "CREATE TABLE t_bbbb (id bigint);");
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  std::string all = result.out + result.err;
  EXPECT_TRUE(contains(all, "bbbb")) << all;
  EXPECT_TRUE(contains(all, "002_bbbb.sql")) << all;
}

TEST_F(CurrentAndCheck, CheckIgnoresEditsOfTheDowngradeSection) {  // architecture §4
  ASSERT_TRUE(given({"upgrade", "head"}));
  edit_file("002_bbbb.sql", "DROP TABLE t_bbbb;", "DROP TABLE IF EXISTS t_bbbb;");
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CurrentAndCheck, CheckIgnoresLineEndingsAndTrailingSpaces) {  // architecture §4
  ASSERT_TRUE(given({"upgrade", "head"}));
  edit_file("002_bbbb.sql", "CREATE TABLE t_bbbb (id int);", "CREATE TABLE t_bbbb (id int);   ");
  std::string crlf;
  for (char c : file_text("002_bbbb.sql"))
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  project->add_file("002_bbbb.sql", crlf);
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

// --format json: exactly one JSON document on stdout (architecture §7), also
// when the check fails. Returns the first document so the remaining
// assertions still say something when there are several.
nlohmann::json single_document(const std::string& out) {
  std::istringstream stream(out);
  nlohmann::json document;
  try {
    stream >> document;
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "stdout is not JSON: " << error.what() << "\n" << out;
    return nlohmann::json::object();
  }
  stream >> std::ws;
  EXPECT_TRUE(stream.eof()) << "stdout holds more than one JSON document:\n" << out;
  return document;
}

TEST_F(CurrentAndCheck, CheckJsonAtHeadIsOk) {  // architecture §7
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"check", "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto document = single_document(result.out);
  EXPECT_EQ(document.value("ok", false), true) << result.out;
  EXPECT_EQ(document.value("status", ""), "up_to_date") << result.out;
  EXPECT_EQ(document.value("rows", Rows{}), (Rows{"cccc"})) << result.out;
  EXPECT_EQ(document.value("pending", Rows{"?"}), Rows{}) << result.out;
}

TEST_F(CurrentAndCheck, CheckJsonBehindNamesThePendingRevisions) {  // architecture §7
  ASSERT_TRUE(given({"upgrade", "aaaa"}));
  auto result = retort({"check", "--format", "json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  auto document = single_document(result.out);
  EXPECT_EQ(document.value("ok", true), false) << result.out;
  EXPECT_EQ(document.value("status", ""), "behind") << result.out;
  EXPECT_EQ(document.value("rows", Rows{}), (Rows{"aaaa"})) << result.out;
  EXPECT_EQ(document.value("pending", Rows{}), (Rows{"bbbb", "cccc"})) << result.out;
}

TEST_F(CurrentAndCheck, CheckJsonAheadNamesTheUnknownRevisions) {  // architecture §5, §7
  ASSERT_TRUE(given({"upgrade", "head"}));
  insert_rows({"zzzz"});
  auto result = retort({"check", "--format", "json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  auto document = single_document(result.out);
  EXPECT_EQ(document.value("ok", true), false) << result.out;
  EXPECT_EQ(document.value("status", ""), "ahead") << result.out;
  EXPECT_EQ(document.value("unknown", Rows{}), (Rows{"zzzz"})) << result.out;
}

TEST_F(CurrentAndCheck, CheckJsonDriftNamesTheFile) {  // architecture §4, §7
  ASSERT_TRUE(given({"upgrade", "head"}));
  edit_file("002_bbbb.sql", "CREATE TABLE t_bbbb (id int);", "CREATE TABLE t_bbbb (id bigint);");
  auto result = retort({"check", "--format", "json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  auto document = single_document(result.out);
  EXPECT_EQ(document.value("status", ""), "drifted") << result.out;
  auto drifted = document.value("drifted", nlohmann::json::array());
  ASSERT_EQ(drifted.size(), 1u) << result.out;
  EXPECT_EQ(drifted[0].value("revision", ""), "bbbb") << result.out;
  EXPECT_TRUE(drifted[0].value("path", "").ends_with("002_bbbb.sql")) << result.out;
  EXPECT_NE(drifted[0].value("recorded_checksum", ""), drifted[0].value("file_checksum", ""))
      << result.out;
}

class CheckGraphs : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject&) override {}
};

TEST_F(CheckGraphs, CheckWithBothBranchesAppliedSucceeds) {  // §7.12
  add_two_heads_graph(*project);
  ASSERT_TRUE(given({"upgrade", "heads"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckGraphs, CheckWithOneBranchMissingFails) {  // §7.12
  add_two_heads_graph(*project);
  ASSERT_TRUE(given({"upgrade", "left@head"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, "b2b")) << result.out << result.err;
}

// Alembic's `current --check-heads` misfires here (the effective head a never
// gets a row); §7.12 recommends comparing the applied set with every revision.
TEST_F(CheckGraphs, CheckIsNotFooledByAnEffectiveHead) {  // §7.12
  add_dependency_only_head_graph(*project);
  ASSERT_TRUE(given({"upgrade", "heads"}));
  ASSERT_EQ(rows(), (Rows{"b"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckGraphs, CheckCountsDependencyImpliedRevisionsAsApplied) {  // §7.12
  add_two_roots_with_dependency_graph(*project);
  ASSERT_TRUE(given({"upgrade", "yb@head"}));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  std::string all = result.out + result.err;
  EXPECT_TRUE(contains(all, "x2")) << all;
}

}  // namespace
}  // namespace retort::testing
