// The unlock feature: the unlock screen (UnlockModel: the passphrase typed into guarded memory,
// the first run's identity, the last failure) and opening or creating the vault. Key derivation
// takes ~0.5 s, so Unlock/CreateVault only mark the step pending; AppController runs it
// (RunPending) once a frame showing "Unlocking…" has been presented. The opened vault is handed to
// AppController through `opened`. Thread-safety: UI thread only.
#pragma once

#include <functional>
#include <memory>

#include "app_context.h"
#include "unlock_intents.h"
#include "unlock_model.h"

namespace passerelle::ui {

class UnlockController {
 public:
  using Opened = std::function<void(std::unique_ptr<core::Vault>)>;
  UnlockController(AppContext& app, Opened opened);

  const UnlockModel& model() const { return model_; }
  PassphraseFields passphrase_fields() { return model_.fields(); }
  void Apply(const UnlockIntent& intent);

  // Opens the vault with `passphrase` (demo mode, scripts, tests). Errors as Vault::Open.
  Status OpenWith(const platform::SecureBuffer& passphrase);
  // An unlock or a creation waits for its "Unlocking…" frame.
  bool pending() const { return unlock_pending_ || create_pending_; }
  void RunPending();
  // The vault opened: the fields are wiped, the error cleared.
  void Unlocked();
  // Locking: the passphrase fields are wiped (WipeSecrets); then the screen offers to unlock, or
  // to create the vault when its file is gone (ResetMode).
  void WipeSecrets() { model_.ClearSecrets(); }
  void ResetMode();

 private:
  void On(const intent::Unlock&);
  void On(const intent::CreateVault&);
  void On(const intent::SetUnlockMode&);
  void On(const intent::SetIdentityField&);

  AppContext& app_;
  Opened opened_;
  UnlockModel model_;
  bool unlock_pending_ = false;
  bool create_pending_ = false;
};

}  // namespace passerelle::ui
