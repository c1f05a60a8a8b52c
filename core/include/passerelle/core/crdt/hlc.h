// Hybrid logical clock (Kulkarni et al.): a 64-bit timestamp = 48 bits of wall-clock milliseconds
// and 16 bits of logical counter. It orders operations across replicas even when a device's clock
// is wrong: a replica that receives a timestamp from the future adopts it, so its own next edits
// still come after (nothing is masked forever by one bad clock). Pure value code, no I/O.
#pragma once

#include <algorithm>
#include <cstdint>

namespace passerelle::crdt {

using ReplicaId = uint64_t;
using HlcTimestamp = uint64_t;

constexpr HlcTimestamp HlcFromMillis(int64_t millis) {
  return static_cast<HlcTimestamp>(millis < 0 ? 0 : millis) << 16;
}
constexpr int64_t HlcMillis(HlcTimestamp t) { return static_cast<int64_t>(t >> 16); }

// Next timestamp for a local event, strictly after `last` and not before the wall clock.
constexpr HlcTimestamp HlcTick(HlcTimestamp last, int64_t now_millis) {
  return std::max(last + 1, HlcFromMillis(now_millis));
}

// Clock state after seeing a remote timestamp (the next local tick will exceed it).
constexpr HlcTimestamp HlcObserve(HlcTimestamp last, HlcTimestamp remote) { return std::max(last, remote); }

// Total order used by last-writer-wins registers: timestamp first, replica id breaks ties so
// every replica picks the same winner.
struct Stamp {
  HlcTimestamp hlc = 0;
  ReplicaId replica = 0;
  friend constexpr auto operator<=>(const Stamp&, const Stamp&) = default;
};

}  // namespace passerelle::crdt
