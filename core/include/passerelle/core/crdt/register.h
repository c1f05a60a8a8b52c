// Last-writer-wins register: the rule every plain field of a record merges by (a name, a date, a
// status). Of all the writes a replica has seen, the one with the highest Stamp holds; the Stamp
// orders by hybrid-logical-clock time and breaks ties by replica id, so every replica that has
// seen the same writes holds the same value, whatever order they came in.
//
// One replica never stamps two writes alike (its clock ticks strictly), so two writes with equal
// stamps are the same write; the register keeps the one it has.
// Pure value code, no I/O: the vault's Merger loads a field's winner, offers it the batch's writes
// and stores what holds. Thread-safety: a plain value.
#pragma once

#include <utility>

#include "passerelle/core/crdt/hlc.h"

namespace passerelle::crdt {

template <typename Value>
class LwwRegister {
 public:
  LwwRegister() = default;  // never written
  LwwRegister(Stamp stamp, Value value) : written_(true), stamp_(stamp), value_(std::move(value)) {}

  bool written() const { return written_; }
  const Stamp& stamp() const { return stamp_; }
  const Value& value() const { return value_; }

  // Whether a write stamped `stamp` would replace what the register holds.
  bool Loses(const Stamp& stamp) const { return written_ && !(stamp > stamp_); }

  // Offers a write; true if it now holds (the register was empty or `stamp` is later).
  bool Write(const Stamp& stamp, Value value) {
    if (Loses(stamp)) return false;
    written_ = true;
    stamp_ = stamp;
    value_ = std::move(value);
    return true;
  }

  // Keeps the later of the two registers; true if this one changed.
  bool Merge(const LwwRegister& other) { return other.written_ && Write(other.stamp_, other.value_); }

  friend bool operator==(const LwwRegister&, const LwwRegister&) = default;

 private:
  bool written_ = false;
  Stamp stamp_;
  Value value_{};
};

}  // namespace passerelle::crdt
