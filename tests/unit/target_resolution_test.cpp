// Plain resolution (docs/alembic-semantics.md §2.1-§2.5, §2.9, scenario 42) and
// target parsing (§2.6, §2.8).
#include <gtest/gtest.h>

#include "retort/error.hpp"
#include "retort/target.hpp"
#include "support/graph_builder.hpp"
#include "support/graph_shapes.hpp"

namespace retort::testing {
namespace {

// Scenario 42: ids a0000001, b1000001, b2000001, b1000002, abc, zz00;
// labels left (b1000001) and right (b2000001).
RevisionGraph prefix_graph() {
  return GraphBuilder()
      .rev("a0000001")
      .rev("b1000001", "a0000001")
      .label("left")
      .rev("b1000002", "b1000001")
      .rev("b2000001", "a0000001")
      .label("right")
      .rev("abc", "b2000001")
      .rev("zz00", "abc")
      .build();
}

struct ResolveCase {
  const char* name;
  const char* text;
  const char* expected;  // ids, or the error message
  const char* hint;      // expected error hint (prefix), or nullptr
};

class PlainResolution : public ::testing::TestWithParam<ResolveCase> {
 protected:
  RevisionGraph graph = prefix_graph();
};

TEST_P(PlainResolution, MatchesAlembic) {
  const auto& row = GetParam();
  try {
    EXPECT_EQ(ids(graph, resolve_revisions(graph, row.text)), row.expected) << row.name;
    EXPECT_EQ(row.hint, nullptr) << row.name << ": expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::target) << row.name;
    EXPECT_EQ(error.message(), row.expected) << row.name;
    if (row.hint != nullptr) {
      EXPECT_EQ(error.hint().substr(0, std::string(row.hint).size()), row.hint) << row.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Resolve, PlainResolution,
    ::testing::Values(
        ResolveCase{"full id", "b1000002", "b1000002", nullptr},
        ResolveCase{"one character prefix", "a", "a0000001", nullptr},
        ResolveCase{"short id only exactly", "abc", "abc", nullptr},
        ResolveCase{"ids of three characters are never prefixes", "ab",
                    "Can't locate revision identified by 'ab'",
                    "No such revision or branch 'ab'; please ensure at least four characters are "
                    "present for partial revision identifier matches"},
        ResolveCase{"label prefix", "le", "b1000001", nullptr},
        ResolveCase{"bare label is the declaring revision", "left", "b1000001", nullptr},
        ResolveCase{"prefix filtered by branch", "right@b", "b2000001", nullptr},
        // §10: the ambiguity is reported as such (Alembic: "Can't locate").
        ResolveCase{"ambiguous prefix lists candidates", "b1",
                    "Multiple revisions start with 'b1': b1000001, b1000002", nullptr},
        ResolveCase{"ambiguous across ids", "b",
                    "Multiple revisions start with 'b': b1000001, b1000002, b2000001", nullptr},
        ResolveCase{"-1 walks down from every real head", "-1", "b1000001 abc", nullptr},
        ResolveCase{"-2 from every real head", "-2", "a0000001 b2000001", nullptr},
        ResolveCase{"L@-1 only heads carrying L", "left@-1", "b1000001", nullptr},
        ResolveCase{"heads", "heads", "b1000002 zz00", nullptr},
        ResolveCase{"L@head", "left@head", "b1000002", nullptr},
        ResolveCase{"R@head from an ancestor id", "abc@head", "zz00", nullptr},
        ResolveCase{"L@heads", "right@heads", "zz00", nullptr},
        ResolveCase{"base is nothing", "base", "", nullptr},
        ResolveCase{"L@base is nothing", "left@base", "", nullptr},
        ResolveCase{"L@rev member of the branch", "left@b1000002", "b1000002", nullptr},
        ResolveCase{"L@rev outside the branch", "left@zz00",
                    "Can't locate revision identified by 'zz00'",
                    "Revision zz00 is not a member of branch 'left'"},
        ResolveCase{"L@unknown names the failing piece", "left@nosuch",
                    "Can't locate revision identified by 'nosuch'",
                    "No such revision or branch 'nosuch'"},
        ResolveCase{"unknown label in L@head", "nosuch@head",
                    "Can't locate revision identified by 'nosuch'",
                    "No such revision or branch 'nosuch'"},
        ResolveCase{"unknown branch in L@rev", "nosuch@b1000001",
                    "Can't locate revision identified by 'nosuch'", "No such branch: 'nosuch'"},
        ResolveCase{"current is not an identifier", "current",
                    "Can't locate revision identified by 'current'", nullptr},
        ResolveCase{"+N is not special", "+1", "Can't locate revision identified by '+1'", nullptr},
        ResolveCase{"sym+N is not special", "b1000001+1",
                    "Can't locate revision identified by 'b1000001+1'", nullptr},
        ResolveCase{"head with several heads", "head",
                    "Multiple head revisions are present for given argument 'head'; please specify "
                    "a specific target revision, '<branchname>@head' to narrow to a specific head, "
                    "or 'heads' for all heads",
                    "the heads are b1000002 (left), zz00 (right); use 'heads' for all of them, "
                    "'<label>@head' for one branch, or run 'retort merge heads' to join them"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST(Resolve, ExactMatchWinsOverPrefix) {
  auto graph = GraphBuilder().rev("abcd").rev("abcde", "abcd").build();
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "abcd")), "abcd");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "abcde")), "abcde");
}

TEST_F(LinearGraph, NegativeWalkEndsBelowTheBaseOrFails) {
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "-2")), "A");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "-3")), "");  // reaches "base"
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "-4"); }), "Walked too far");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "head")), "C");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "B@head")), "C");
}

TEST_F(Diamond, NegativeWalkThroughAMergeIsAmbiguous) {
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "-1")), "M");
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "-2"); }), "Ambiguous walk");
}

TEST_F(TwoHeads, HeadsWordingDependsOnTheCommand) {
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "head", HeadsWording::stamp); }),
            "Multiple heads are present; please specify a single target revision");
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "head", HeadsWording::new_revision); }),
            "Multiple heads are present; please specify the head revision on which the new "
            "revision should be based, or perform a merge.");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "right@head")), "B2b");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "A@heads")), "B1b B2b");
}

TEST_F(DependencyOnlyHead, HeadCountsVersionedHeadsButHeadsMeansRealHeads) {
  // §2.3 and §11.2: the effective head A makes `head` ambiguous.
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "head"); }).substr(0, 37),
            "Multiple head revisions are present f");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "heads")), "B");
}

TEST_F(Diamond, RowsResolveExactlyAndNameEveryUnknownOne) {
  const std::vector<std::string> rows{"C", "B1"};
  EXPECT_EQ(ids(graph, resolve_rows(graph, rows)), "B1 C");
  const std::vector<std::string> prefix{"B"};
  EXPECT_EQ(error_message([&] { resolve_rows(graph, prefix); }),
            "Can't locate revision identified by 'B'");
  const std::vector<std::string> unknown{"C", "zzzz", "yyyy"};
  try {
    resolve_rows(graph, unknown);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "Can't locate revisions identified by 'zzzz', 'yyyy'");
    EXPECT_NE(error.hint().find("ahead of these migration files"), std::string::npos);
  }
}

struct ParseCase {
  const char* text;
  bool relative;
  const char* label;
  const char* symbol;
  long long delta;
  const char* magnitude;
};

class TargetParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(TargetParse, FollowsAlembicsExpression) {
  const auto& row = GetParam();
  Target target = Target::parse(row.text);
  EXPECT_EQ(target.text, row.text);
  EXPECT_EQ(target.relative, row.relative) << row.text;
  if (!row.relative) return;
  EXPECT_EQ(target.label, row.label) << row.text;
  EXPECT_EQ(target.symbol, row.symbol) << row.text;
  EXPECT_EQ(target.delta, row.delta) << row.text;
  EXPECT_EQ(target.magnitude_text, row.magnitude) << row.text;
}

INSTANTIATE_TEST_SUITE_P(
    Target, TargetParse,
    ::testing::Values(
        ParseCase{"+2", true, "", "", 2, "2"}, ParseCase{"-1", true, "", "", -1, "1"},
        ParseCase{"base+2", true, "", "base", 2, "2"},
        ParseCase{"left@+1", true, "left", "", 1, "1"},
        ParseCase{"left@b1+1", true, "left", "b1", 1, "1"},
        ParseCase{"c1branch@head-1", true, "c1branch", "head", -1, "1"},
        // A label with '-' reads as SYMBOL `rel`, delta -1 (§2.6).
        ParseCase{"rel-1", true, "", "rel", -1, "1"}, ParseCase{"a@b@-1", true, "a@b", "", -1, "1"},
        ParseCase{"a+1@b", true, "", "a", 1, "1"}, ParseCase{"abc-1x", true, "", "abc", -1, "1"},
        ParseCase{"+007", true, "", "", 7, "7"}, ParseCase{"12-3", true, "", "12", -3, "3"},
        ParseCase{"-0", true, "", "", 0, "0"}, ParseCase{"heads", false, "", "", 0, ""},
        ParseCase{"left@head", false, "", "", 0, ""}, ParseCase{"@+1", false, "", "", 0, ""},
        ParseCase{"1234", false, "", "", 0, ""}, ParseCase{"b1000001", false, "", "", 0, ""}));

TEST(TargetRange, SplitsAtTheColon) {
  auto range = RevisionRange::parse("a:b");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->start, "a");
  EXPECT_EQ(range->end, "b");
  EXPECT_EQ(RevisionRange::parse(":b")->start, "");
  EXPECT_EQ(RevisionRange::parse("a:")->end, "");
  EXPECT_FALSE(RevisionRange::parse("head"));
  EXPECT_EQ(error_message([] { RevisionRange::parse("a:b:c"); }), "'a:b:c' has more than one ':'");
}

}  // namespace
}  // namespace retort::testing
