#include "unlock_controller.h"

namespace passerelle::ui {

UnlockController::UnlockController(AppContext& app, Opened opened) : app_(app), opened_(std::move(opened)) {
  ResetMode();
}

void UnlockController::Apply(const UnlockIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void UnlockController::ResetMode() {
  model_.SetMode(app_.vault_exists() ? UnlockModel::Mode::kUnlock : UnlockModel::Mode::kCreate);
  model_.RequestFocus();
}

Status UnlockController::OpenWith(const platform::SecureBuffer& passphrase) {
  core::VaultOptions opts;
  opts.clock = app_.config().vault_clock;
  auto v = core::Vault::Open(app_.config().vault_path, passphrase, opts);
  if (!v.ok()) return v.status();
  opened_(std::move(v).value());
  return Status::Ok();
}

void UnlockController::Unlocked() {
  model_.ClearSecrets();
  model_.ClearError();
  model_.SetMode(UnlockModel::Mode::kUnlock);
}

void UnlockController::On(const intent::Unlock&) {
  if (!model_.CanUnlock() || app_.unlocked()) return;
  // Key derivation takes ~0.5 s: let the next frame show "Unlocking…" first, RunPending() does it.
  unlock_pending_ = true;
  app_.ui().busy = true;
}

void UnlockController::On(const intent::CreateVault&) {
  if (!model_.CanCreate() || app_.unlocked()) return;
  create_pending_ = true;
  app_.ui().busy = true;
}

void UnlockController::On(const intent::SetUnlockMode& i) {
  model_.SetMode(i.create ? UnlockModel::Mode::kCreate : UnlockModel::Mode::kUnlock);
}

void UnlockController::On(const intent::SetIdentityField& i) {
  if (i.service) model_.SetService(i.value);
  else model_.SetWorker(i.value);
}

void UnlockController::RunPending() {
  if (unlock_pending_) {
    unlock_pending_ = false;
    auto pass = model_.TakePassphrase();
    model_.ClearSecrets();
    Status st = OpenWith(pass);
    if (!st.ok()) {
      app_.ui().busy = false;
      model_.CountFailure();
      // The field is empty (ClearSecrets above) and gets the focus back: the worker retypes at once.
      model_.RequestFocus();
      model_.SetError(st.code() == Code::kWrongPassphrase ? "unlock.wrong_passphrase"
                      : st.code() == Code::kNotFound     ? "unlock.no_vault"
                                                         : "unlock.open_failed",
                      st.code() == Code::kWrongPassphrase ? std::string() : st.message());
    }
  }
  if (create_pending_) {
    create_pending_ = false;
    core::VaultOptions opts;
    opts.kdf = app_.config().kdf;
    opts.clock = app_.config().vault_clock;
    opts.worker = model_.worker();
    opts.service = model_.service();
    opts.shipped_directory = app_.config().assets_dir;  // the R.A.J. directory, as `passerelle-cli init` does
    auto pass = model_.TakePassphrase();
    model_.ClearSecrets();
    auto v = core::Vault::Create(app_.config().vault_path, pass, opts);
    app_.ui().busy = false;
    if (!v.ok()) {
      model_.RequestFocus();
      model_.SetError("unlock.create_failed", v.status().message());
    } else {
      opened_(std::move(v).value());
    }
  }
}

}  // namespace passerelle::ui
