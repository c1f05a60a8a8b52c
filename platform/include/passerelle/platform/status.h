// Status and Result<T>: how every module reports failure without exceptions across module
// boundaries (after LevelDB's Status). An OK status carries no allocation. The message is one
// sentence a user can read; the code lets the CLI choose a distinct exit code and lets callers
// branch without parsing text. Thread-safety: plain values, no shared state.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace passerelle {

enum class Code : int {
  kOk = 0,
  kInvalidInput = 1,     // the user's input is malformed or refers to something that does not exist
  kWrongPassphrase = 2,  // the passphrase does not unwrap the vault key
  kNotFound = 3,         // a named object (dossier, vault file...) does not exist
  kIoError = 4,          // the operating system refused a read, write or sync
  kCorrupt = 5,          // a file's bytes are not what we wrote (tampered, truncated, wrong key)
  kConflict = 6,         // the operation clashes with the current state (already exists, locked...)
  kUnsupported = 7,      // a newer format version than this build understands
  kInternal = 8,         // a bug: an invariant of ours does not hold
  kRefused = 9,          // a rule of professional secrecy forbids it (no consent in force, another organisation)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(Code code, std::string message) { return Status(code, std::move(message)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status InvalidInput(std::string m) { return Status::Error(Code::kInvalidInput, std::move(m)); }
inline Status NotFound(std::string m) { return Status::Error(Code::kNotFound, std::move(m)); }
inline Status IoError(std::string m) { return Status::Error(Code::kIoError, std::move(m)); }
inline Status Corrupt(std::string m) { return Status::Error(Code::kCorrupt, std::move(m)); }
inline Status Conflict(std::string m) { return Status::Error(Code::kConflict, std::move(m)); }
inline Status Internal(std::string m) { return Status::Error(Code::kInternal, std::move(m)); }
inline Status Refused(std::string m) { return Status::Error(Code::kRefused, std::move(m)); }

// Either a value or a failed Status. Accessing value() of a failed result is a programmer error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

// Early-return helpers keep call sites to one line per fallible step.
#define PASSERELLE_RETURN_IF_ERROR(expr)            \
  do {                                              \
    ::passerelle::Status _st = (expr);              \
    if (!_st.ok()) return _st;                      \
  } while (0)

#define PASSERELLE_CONCAT_INNER(a, b) a##b
#define PASSERELLE_CONCAT(a, b) PASSERELLE_CONCAT_INNER(a, b)
#define PASSERELLE_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto PASSERELLE_CONCAT(_res_, __LINE__) = (expr);                              \
  if (!PASSERELLE_CONCAT(_res_, __LINE__).ok())                                  \
    return PASSERELLE_CONCAT(_res_, __LINE__).status();                          \
  lhs = std::move(PASSERELLE_CONCAT(_res_, __LINE__)).value()

}  // namespace passerelle
