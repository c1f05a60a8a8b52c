// Helpers for decrypted text held by the field app's view-models: wiping it when the vault locks.
// A std::string's heap buffer is overwritten (over its whole capacity) before it is released, so
// locking leaves no note text behind in the buffers the view-models own. Copies the allocator
// already released (a string that grew, a temporary) are outside our reach; docs/ui.md says so.
// Thread-safety: none needed (free functions over caller-owned values).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace passerelle::ui {

// Overwrites the whole buffer (size and spare capacity), then empties and releases it.
void WipeString(std::string& text);
void WipeStrings(std::vector<std::string>& texts);

// A string that wipes itself when destroyed; used for intents that carry note text or searches
// (a person's name typed into a search box is case data too).
class SecretText {
 public:
  SecretText() = default;
  explicit SecretText(std::string text) : value_(std::move(text)) {}
  ~SecretText() { WipeString(value_); }
  SecretText(SecretText&& other) noexcept : value_(std::move(other.value_)) { other.value_.clear(); }
  SecretText& operator=(SecretText&& other) noexcept {
    if (this != &other) {
      WipeString(value_);
      value_ = std::move(other.value_);
      other.value_.clear();
    }
    return *this;
  }
  SecretText(const SecretText& other) : value_(other.value_) {}
  SecretText& operator=(const SecretText& other) {
    if (this != &other) {
      WipeString(value_);
      value_ = other.value_;
    }
    return *this;
  }

  const std::string& str() const { return value_; }
  std::string& mutable_str() { return value_; }

 private:
  std::string value_;
};

}  // namespace passerelle::ui
