// Last-writer-wins register (core/include/passerelle/core/crdt/register.h), without any storage:
// the later stamp holds, the replica id breaks ties of time, and merge is commutative,
// associative and idempotent over random writes (property-style, fixed seeds).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "passerelle/core/crdt/register.h"
#include "support/merge_laws.h"

using passerelle::crdt::LwwRegister;
using passerelle::crdt::Stamp;
using passerelle::testing::CheckMergeLawsOver;
using passerelle::testing::ForEachSeed;
using passerelle::testing::Merged;
using Register = LwwRegister<std::string>;

namespace {

struct Write {
  Stamp stamp;
  std::string value;
};

// Random writes with distinct stamps (one replica never stamps two writes alike), many of them
// at the same time on different replicas, so the tie-break is exercised.
std::vector<Write> RandomWrites(std::mt19937_64& rng, size_t n) {
  std::vector<Write> writes;
  std::uniform_int_distribution<uint64_t> hlc(1, 6), replica(1, 4);
  while (writes.size() < n) {
    Write w{{hlc(rng), replica(rng)}, std::to_string(writes.size())};
    bool seen = std::any_of(writes.begin(), writes.end(), [&](const Write& o) { return o.stamp == w.stamp; });
    if (!seen) writes.push_back(w);
  }
  return writes;
}

void Apply(Register& r, const Write& w) { r.Write(w.stamp, w.value); }

Register Replica(const std::vector<Write>& writes) {
  Register r;
  for (const Write& w : writes) Apply(r, w);
  return r;
}

}  // namespace

TEST_CASE("an empty register takes the first write and reports it") {
  Register r;
  CHECK_FALSE(r.written());
  CHECK_FALSE(r.Loses({1, 1}));
  CHECK(r.Write({5, 1}, "a"));
  CHECK(r.written());
  CHECK(r.value() == "a");
  CHECK(r.stamp() == Stamp{5, 1});
}

TEST_CASE("the later write holds whatever order the writes come in") {
  Register a, b;
  CHECK(a.Write({1, 9}, "early"));
  CHECK(a.Write({2, 1}, "late"));
  CHECK(b.Write({2, 1}, "late"));
  CHECK_FALSE(b.Write({1, 9}, "early"));  // an earlier write does not replace a later one
  CHECK(a == b);
  CHECK(a.value() == "late");
}

TEST_CASE("the replica id breaks a tie of time, the same way on every replica") {
  Register a, b;
  a.Write({7, 1}, "from one");
  a.Write({7, 2}, "from two");
  b.Write({7, 2}, "from two");
  b.Write({7, 1}, "from one");
  CHECK(a.value() == "from two");
  CHECK(a == b);
}

TEST_CASE("the same write twice changes nothing") {
  Register r;
  CHECK(r.Write({3, 3}, "x"));
  CHECK(r.Loses({3, 3}));
  CHECK_FALSE(r.Write({3, 3}, "x"));
  CHECK_FALSE(r.Merge(r));
  CHECK(r.value() == "x");
}

TEST_CASE("merging an empty register changes nothing; merging into one copies") {
  Register empty, r;
  r.Write({4, 2}, "y");
  CHECK_FALSE(r.Merge(empty));
  CHECK(r.value() == "y");
  CHECK(empty.Merge(r));
  CHECK(empty == r);
}

TEST_CASE("property: merge is commutative, associative and idempotent over random writes") {
  ForEachSeed(300, [](std::mt19937_64& rng) {
    auto writes = RandomWrites(rng, 12);
    const Register everyone = CheckMergeLawsOver<Register>(rng, writes, Apply);
    // What everyone holds is what one replica that saw every write holds, in any order: the latest.
    std::shuffle(writes.begin(), writes.end(), rng);
    const Register all = Replica(writes);
    CHECK(Merged(everyone, all) == all);
    const auto latest = std::max_element(writes.begin(), writes.end(),
                                         [](const Write& x, const Write& y) { return x.stamp < y.stamp; });
    CHECK(all.value() == latest->value);
  });
}
