// Property checks shared by the tests of the pure merge rules (crdt::LwwRegister, crdt::OrSet):
// replicas that each received a random subset of the ops in a random order, and the three laws a
// state-based merge must obey so that replicas converge whatever they exchange and how often.
// `State` needs Merge(const State&) and operator==.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace passerelle::testing {

template <typename State>
State Merged(State a, const State& b) {
  a.Merge(b);
  return a;
}

// `count` replicas, each applying (with `apply(state, op)`) a random half of `ops`, shuffled.
template <typename State, typename Op, typename Apply>
std::vector<State> RandomReplicas(std::mt19937_64& rng, const std::vector<Op>& ops, Apply apply, int count = 3) {
  std::vector<State> replicas;
  for (int k = 0; k < count; ++k) {
    std::vector<Op> seen;
    for (const Op& op : ops)
      if (rng() % 2) seen.push_back(op);
    std::shuffle(seen.begin(), seen.end(), rng);
    State s;
    for (const Op& op : seen) apply(s, op);
    replicas.push_back(s);
  }
  return replicas;
}

// Commutative, associative, idempotent.
template <typename State>
void CheckMergeLaws(const State& a, const State& b, const State& c) {
  CHECK(Merged(a, b) == Merged(b, a));
  CHECK(Merged(Merged(a, b), c) == Merged(a, Merged(b, c)));
  CHECK(Merged(a, a) == a);
}

// Runs `body(rng)` once per fixed seed 1..seeds, naming the seed of a failure.
template <typename Body>
void ForEachSeed(uint64_t seeds, Body body) {
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    body(rng);
  }
}

// Three replicas of random subsets of `ops` (RandomReplicas), checked against the laws; returns
// their merge, what everyone holds once they have exchanged everything.
template <typename State, typename Op, typename Apply>
State CheckMergeLawsOver(std::mt19937_64& rng, const std::vector<Op>& ops, Apply apply) {
  const auto r = RandomReplicas<State>(rng, ops, apply);
  CheckMergeLaws(r[0], r[1], r[2]);
  return Merged(Merged(r[0], r[1]), r[2]);
}

}  // namespace passerelle::testing
