// The sync screen's state, over the sync engine (sync/engine.h, the app's one door into sync):
// this device, the team key, per colleague device what is pending and when bundles last went
// each way, export and import of a bundle through the in-app file picker, and what an import
// changed (which case files, by whom). Thread-safety: UI thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "file_picker.h"
#include "passerelle/core/vault.h"
#include "passerelle/sync/engine.h"

namespace passerelle::ui {

struct PeerRow {
  std::string label;   // "Ana (CAPREV)" or the device id
  std::string device;  // 16 hex digits
  size_t pending = 0, withheld = 0;
  std::string last_import_at, last_export_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ", "" = never
};

struct ChangeRow {
  std::string dossier_id, person_name, authors;
  size_t records = 0;
};

struct ImportView {
  std::string sender;
  size_t applied = 0, duplicates = 0, buffered = 0;
  std::vector<ChangeRow> changes;
};

class SyncModel {
 public:
  // Reads the sync status and the number of shareable changes; opens the picker on `folder`.
  Status Refresh(core::Vault& vault, const std::string& folder);
  bool loaded() const { return loaded_; }
  const std::string& self_label() const { return self_label_; }
  bool has_team_key() const { return has_team_key_; }
  const std::string& team_key_id() const { return team_key_id_; }
  size_t shareable() const { return shareable_; }
  size_t private_changes() const { return private_; }
  const std::vector<PeerRow>& peers() const { return peers_; }

  const FilePicker& picker() const { return picker_; }
  FilePicker& mutable_picker() { return picker_; }
  const std::string& recipient() const { return recipient_; }
  void SetRecipient(std::string recipient) { recipient_ = std::move(recipient); }
  // A default bundle name for an export: passerelle-<worker>-<date>.bundle.
  void SuggestExportName(const std::string& worker, const std::string& today);

  Status CreateTeam(core::Vault& vault);
  Result<sync::ExportSummary> Export(core::Vault& vault);
  Result<ImportView> Import(core::Vault& vault);
  const std::optional<sync::ExportSummary>& last_export() const { return last_export_; }
  const std::optional<ImportView>& last_import() const { return last_import_; }

  void Wipe();

 private:
  bool loaded_ = false;
  std::string self_label_, team_key_id_;
  bool has_team_key_ = false;
  size_t shareable_ = 0, private_ = 0;
  std::vector<PeerRow> peers_;
  FilePicker picker_;
  std::string recipient_;
  std::optional<sync::ExportSummary> last_export_;
  std::optional<ImportView> last_import_;
};

}  // namespace passerelle::ui
