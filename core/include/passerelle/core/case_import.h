// Import of case files from a service's existing records (issue 14; format: docs/import.md): a
// JSON document of case files, each a person, a dossier and its visits, notes, plan items and
// consents. The whole document is checked first, by the same per-record rules as every other
// path (case_files.cpp), and every problem is reported with its JSON path; if there is any,
// nothing is written. Then each case file is written in one Vault::Apply (one transaction).
//
// Re-import is idempotent: a case file's person and dossier ids are derived from its
// `external_id` and the vault's organisation, so a case file already imported (on this device, or
// on a colleague's and received by sync) is recognised and skipped, never duplicated.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct ImportProblem {
  std::string path;     // "$.case_files[3].notes[2].body"
  std::string message;  // one sentence
};

struct ImportedCaseFile {
  std::string external_id, person_id, dossier_id;
  bool skipped = false;  // already in this vault (imported before): left as it is
};

struct ImportSummary {
  std::vector<ImportedCaseFile> case_files;  // in the file's order
  size_t imported = 0, skipped = 0;
  size_t persons = 0, dossiers = 0, visits = 0, notes = 0, plan_items = 0, consents = 0;  // records written
};

struct ImportOptions {
  bool check_only = false;  // validate (and say what would be skipped) but write nothing
};

// At most this many problems are listed; the count of the rest is given in one more.
inline constexpr size_t kMaxImportProblems = 200;

// Checks `json_text` whole. On problems: kInvalidInput, nothing written, `problems` filled (each
// with its path). Otherwise writes each case file not yet imported, in the document's order, one
// transaction each, and returns what was written. A failure while writing (disk full) leaves the
// case files before it written; running the same import again completes it.
Result<ImportSummary> ImportCaseFiles(Vault& v, std::string_view json_text, const ImportOptions& options,
                                      std::vector<ImportProblem>* problems);

}  // namespace passerelle::core
