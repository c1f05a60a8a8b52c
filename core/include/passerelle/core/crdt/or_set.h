// Add-wins observed-remove set: the rule every multi-valued field merges by (a person's
// languages, a dossier's themes). Each add puts its element under a tag that is unique to it (the
// add op's id); a remove tombstones only the tags its replica had observed for the element. So an
// add concurrent with a remove survives it (add wins), a remove that arrives before the add it
// observed still removes it, and the set converges whatever order ops arrive in: merge is
// commutative, associative and idempotent.
//
// The tag an add was given and the element it names never change; should two replicas disagree
// on a tag's element (a forged op), the smaller element is kept so the merge still converges.
// Pure value code, no I/O: the vault's Merger loads the entries an op names, applies the op here
// and stores the entries back. Thread-safety: a plain value.
#pragma once

#include <algorithm>
#include <map>
#include <span>
#include <vector>

namespace passerelle::crdt {

template <typename Element, typename Tag>
class OrSet {
 public:
  struct Entry {
    Element element{};
    bool removed = false;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  using Entries = std::map<Tag, Entry>;

  // An add of `element` under its own `tag`. True if the set's state changed.
  bool Add(const Tag& tag, const Element& element) { return Put(tag, Entry{element, false}); }

  // A remove of `element` that observed `tags` (adds of `element` it held). A tag whose add has
  // not arrived yet is remembered, so that add arrives removed. True if the state changed.
  bool Remove(const Element& element, std::span<const Tag> observed) {
    bool changed = false;
    for (const Tag& tag : observed) changed |= Put(tag, Entry{element, true});
    return changed;
  }

  // The tags under which `element` is present, in tag order: what a remove of it observes.
  std::vector<Tag> Observed(const Element& element) const {
    std::vector<Tag> tags;
    for (const auto& [tag, e] : entries_)
      if (!e.removed && e.element == element) tags.push_back(tag);
    return tags;
  }

  bool Contains(const Element& element) const {
    return std::any_of(entries_.begin(), entries_.end(),
                       [&](const auto& kv) { return !kv.second.removed && kv.second.element == element; });
  }

  // The elements present, sorted, each once.
  std::vector<Element> Elements() const {
    std::vector<Element> out;
    for (const auto& [tag, e] : entries_)
      if (!e.removed) out.push_back(e.element);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Union of two replicas' states; true if this one changed.
  bool Merge(const OrSet& other) {
    bool changed = false;
    for (const auto& [tag, e] : other.entries_) changed |= Put(tag, e);
    return changed;
  }

  // One entry as storage holds it (loading); merged with what the set already has.
  bool Put(const Tag& tag, const Entry& entry) {
    auto [it, inserted] = entries_.try_emplace(tag, entry);
    if (inserted) return true;
    Entry merged{std::min(it->second.element, entry.element), it->second.removed || entry.removed};
    if (merged == it->second) return false;
    it->second = std::move(merged);
    return true;
  }

  const Entries& entries() const { return entries_; }
  friend bool operator==(const OrSet&, const OrSet&) = default;

 private:
  Entries entries_;
};

}  // namespace passerelle::crdt
