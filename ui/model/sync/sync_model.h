// The sync screen's state, over the sync engine (sync/engine.h, the app's one door into sync):
// this device, the team key, per colleague device what is pending and when bundles last went
// each way, export and import of a bundle through the in-app file picker, and what an import
// changed (which case files, by whom). Everything here is in the worker's words: devices by their
// worker's name ("" when the device never said who uses it: the screen says "a device not yet
// named"), times in local time, never a hex id. Thread-safety: UI thread only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "file_picker.h"
#include "passerelle/core/vault.h"
#include "passerelle/sync/engine.h"

namespace passerelle::ui {

struct PeerRow {
  std::string label;   // "Ana (CAPREV)"; "" for a device whose worker is not known yet
  std::string device;  // 16 hex digits (an id for the code, never shown)
  size_t pending = 0, withheld = 0;
  std::string last_import_at, last_export_at;  // local time "YYYY-MM-DD HH:MM", "" = never
  // A colleague this device sent a bundle to in this session but never received one from (the
  // vault records peers from their first bundle on): shown so the list reflects the export.
  bool awaiting_first_bundle = false;
};

struct ChangeRow {
  std::string dossier_id;
  std::string person_name;           // "" if the case file is not known here
  std::vector<std::string> authors;  // worker labels; "" for a device not yet named
  size_t records = 0;
};

// "2026-12-04T09:30:00Z" -> "2026-12-04 10:30" in the machine's time zone ("" stays "").
std::string LocalTimeOf(const std::string& utc);
// True for a label that is a bare device id (16 hex digits): shown as "a device not yet named".
bool IsDeviceId(const std::string& label);

struct ImportView {
  std::string sender;  // "" for a device not yet named
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
  // Recipients of this session's exports that are not yet known peers (wiped at lock).
  std::vector<std::pair<std::string, std::string>> sent_to_;  // label, local time
};

}  // namespace passerelle::ui
