// Add-wins observed-remove set (core/include/passerelle/core/crdt/or_set.h), without any
// storage: an add concurrent with a remove survives it, a remove only removes the adds it
// observed (even when it arrives before them), and merge is commutative, associative and
// idempotent; replicas that saw the same ops in any order hold the same set (property-style,
// fixed seeds).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "passerelle/core/crdt/or_set.h"
#include "support/merge_laws.h"

using passerelle::testing::CheckMergeLawsOver;
using passerelle::testing::ForEachSeed;
using passerelle::testing::Merged;

namespace {

struct Tag {
  uint64_t replica = 0;
  uint64_t counter = 0;
  friend auto operator<=>(const Tag&, const Tag&) = default;
};
using Set = passerelle::crdt::OrSet<std::string, Tag>;
using Elements = std::vector<std::string>;

struct SetOp {
  bool add = true;
  Tag tag;                // add: its own tag
  std::string element;
  std::vector<Tag> seen;  // remove: the tags it observed
};

void Apply(Set& s, const SetOp& op) {
  if (op.add)
    s.Add(op.tag, op.element);
  else
    s.Remove(op.element, op.seen);
}

// A random history on three replicas: each op is made on one replica against what that replica
// holds then (a remove observes the element's live tags there), and replicas exchange state now
// and then. Returns every op made.
std::vector<SetOp> RandomHistory(std::mt19937_64& rng, size_t n) {
  const Elements pool = {"fr", "nl", "de", "en"};
  std::vector<Set> replicas(3);
  std::vector<uint64_t> counters(3, 0);
  std::vector<SetOp> ops;
  for (size_t i = 0; i < n; ++i) {
    const size_t r = rng() % 3;
    if (rng() % 4 == 0) replicas[r].Merge(replicas[rng() % 3]);
    SetOp op;
    op.element = pool[rng() % pool.size()];
    op.add = rng() % 3 != 0;
    if (op.add)
      op.tag = {r + 1, ++counters[r]};
    else
      op.seen = replicas[r].Observed(op.element);
    Apply(replicas[r], op);
    ops.push_back(op);
  }
  return ops;
}

}  // namespace

TEST_CASE("an added element is present; a remove that observed it takes it out") {
  Set s;
  CHECK(s.Add({1, 1}, "fr"));
  CHECK(s.Contains("fr"));
  CHECK(s.Observed("fr") == std::vector<Tag>{{1, 1}});
  const auto seen = s.Observed("fr");
  CHECK(s.Remove("fr", seen));
  CHECK_FALSE(s.Contains("fr"));
  CHECK(s.Elements().empty());
  CHECK(s.Observed("fr").empty());
}

TEST_CASE("add wins: a concurrent add survives a remove that did not observe it") {
  Set a, b;
  a.Add({1, 1}, "nl");
  b.Merge(a);
  // Replica 2 adds "nl" again while replica 1 removes the "nl" it knew.
  b.Add({2, 1}, "nl");
  a.Remove("nl", a.Observed("nl"));
  CHECK_FALSE(a.Contains("nl"));
  a.Merge(b);
  b.Merge(a);
  CHECK(a.Contains("nl"));
  CHECK(a == b);
  CHECK(a.Observed("nl") == std::vector<Tag>{{2, 1}});
}

TEST_CASE("a remove that arrives before the add it observed still removes it") {
  Set s;
  const std::vector<Tag> seen = {{1, 5}};
  CHECK(s.Remove("de", seen));
  CHECK_FALSE(s.Contains("de"));
  CHECK_FALSE(s.Add({1, 5}, "de"));  // arrives removed: nothing changes
  CHECK_FALSE(s.Contains("de"));
}

TEST_CASE("the same op twice changes nothing") {
  Set s;
  CHECK(s.Add({3, 1}, "en"));
  CHECK_FALSE(s.Add({3, 1}, "en"));
  const std::vector<Tag> seen = {{3, 1}};
  CHECK(s.Remove("en", seen));
  CHECK_FALSE(s.Remove("en", seen));
  CHECK_FALSE(s.Merge(s));
}

TEST_CASE("elements are listed sorted, once each, whatever their tags") {
  Set s;
  s.Add({2, 1}, "nl");
  s.Add({1, 1}, "fr");
  s.Add({1, 2}, "nl");
  CHECK(s.Elements() == Elements{"fr", "nl"});
}

TEST_CASE("a tag named with two elements (a forged op) still merges the same both ways") {
  Set a, b;
  a.Add({1, 1}, "fr");
  b.Add({1, 1}, "zz");
  CHECK(Merged(a, b) == Merged(b, a));
}

TEST_CASE("property: merge is commutative, associative, idempotent; delivery order does not matter") {
  ForEachSeed(300, [](std::mt19937_64& rng) {
    auto ops = RandomHistory(rng, 30);
    const Set everyone = CheckMergeLawsOver<Set>(rng, ops, Apply);
    // Every op in two different orders gives the same set, and merging everyone reaches it.
    Set in_order, shuffled;
    for (const SetOp& op : ops) Apply(in_order, op);
    std::shuffle(ops.begin(), ops.end(), rng);
    for (const SetOp& op : ops) Apply(shuffled, op);
    CHECK(in_order == shuffled);
    CHECK(Merged(everyone, in_order) == in_order);
  });
}
