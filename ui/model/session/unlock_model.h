// The unlock screen's state: the passphrase being typed (and, on first run, its confirmation and
// the worker's identity), the strength hint, and the last failure. The passphrase is typed
// straight into libsodium guarded memory (mlock'ed, wiped on free): the text field edits these
// buffers in place, so no std::string copy of the secret ever exists in this model.
// Thread-safety: UI thread only.
#pragma once

#include <string>
#include <string_view>

#include "passerelle/platform/secure_buffer.h"
#include "passphrase.h"

namespace passerelle::ui {

// The writable buffers a passphrase text field edits (NUL-terminated, `capacity` bytes each).
struct PassphraseFields {
  char* passphrase = nullptr;
  char* confirmation = nullptr;
  size_t capacity = 0;
};

class UnlockModel {
 public:
  static constexpr size_t kFieldBytes = 512;
  enum class Mode { kUnlock, kCreate };

  UnlockModel();

  Mode mode() const { return mode_; }
  void SetMode(Mode mode);
  PassphraseFields fields();

  std::string_view passphrase() const;
  std::string_view confirmation() const;
  PassphraseStrength strength() const { return RatePassphrase(passphrase()); }
  bool confirmation_matches() const { return passphrase() == confirmation(); }
  // First run: a long enough passphrase, typed twice, and who the worker is.
  bool CanCreate() const;
  bool CanUnlock() const { return !passphrase().empty(); }

  const std::string& worker() const { return worker_; }
  const std::string& service() const { return service_; }
  void SetWorker(std::string worker) { worker_ = std::move(worker); }
  void SetService(std::string service) { service_ = std::move(service); }

  // Copies the typed passphrase into a fresh guarded buffer of its exact length.
  platform::SecureBuffer TakePassphrase() const;
  // Wipes both passphrase fields (after an attempt, and when locking).
  void ClearSecrets();

  // The last failure as a translation key ("" = none) and the core's sentence, if any.
  const std::string& error_key() const { return error_key_; }
  const std::string& error_detail() const { return error_detail_; }
  int failed_attempts() const { return failed_attempts_; }
  void SetError(std::string key, std::string detail = {});
  void CountFailure() { ++failed_attempts_; }
  // Asks the screen to put the keyboard focus in the passphrase field (after a failed attempt,
  // when the screen is shown again after a lock): the screen focuses it whenever this changes.
  int focus_request() const { return focus_request_; }
  void RequestFocus() { ++focus_request_; }
  void ClearError();

 private:
  Mode mode_ = Mode::kUnlock;
  platform::SecureBuffer passphrase_;
  platform::SecureBuffer confirmation_;
  std::string worker_, service_;
  std::string error_key_, error_detail_;
  int failed_attempts_ = 0;
  int focus_request_ = 0;
};

}  // namespace passerelle::ui
