#include "unlock_model.h"

#include <cstring>

namespace passerelle::ui {
namespace {
std::string_view FieldText(const platform::SecureBuffer& b) {
  if (b.empty()) return {};
  const char* p = reinterpret_cast<const char*>(b.data());
  return {p, strnlen(p, b.size() - 1)};
}
}  // namespace

UnlockModel::UnlockModel() : passphrase_(kFieldBytes), confirmation_(kFieldBytes) {}

void UnlockModel::SetMode(Mode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  ClearSecrets();
  ClearError();
}

PassphraseFields UnlockModel::fields() {
  return {reinterpret_cast<char*>(passphrase_.data()), reinterpret_cast<char*>(confirmation_.data()), kFieldBytes};
}

std::string_view UnlockModel::passphrase() const { return FieldText(passphrase_); }
std::string_view UnlockModel::confirmation() const { return FieldText(confirmation_); }

bool UnlockModel::CanCreate() const {
  auto s = strength();
  return s != PassphraseStrength::kEmpty && s != PassphraseStrength::kTooShort && confirmation_matches() &&
         !worker_.empty() && !service_.empty();
}

platform::SecureBuffer UnlockModel::TakePassphrase() const {
  auto text = passphrase();
  platform::SecureBuffer out(text.size());
  if (!text.empty()) std::memcpy(out.data(), text.data(), text.size());
  return out;
}

void UnlockModel::ClearSecrets() {
  platform::SecureWipe(passphrase_.data(), passphrase_.size());
  platform::SecureWipe(confirmation_.data(), confirmation_.size());
}

void UnlockModel::SetError(std::string key, std::string detail) {
  error_key_ = std::move(key);
  error_detail_ = std::move(detail);
}

void UnlockModel::ClearError() {
  error_key_.clear();
  error_detail_.clear();
}

}  // namespace passerelle::ui
