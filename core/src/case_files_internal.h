// The per-record rules of case_files.cpp (dates typed the local way, field values, required
// fields, a dossier's defaults), shared with the case-file import so that both accept and refuse
// exactly the same records. Core-internal.
#pragma once

#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/op.h"

namespace passerelle::core::case_files_internal {

Result<FieldValues> LocalDates(const EntitySpec& spec, FieldValues fields);
Status ValidateFields(const EntitySpec& spec, const FieldValues& fields);
Status RequireAll(const EntitySpec& spec, const FieldValues& fields);
std::vector<Op> FieldOps(const std::string& id, const EntitySpec& spec, const FieldValues& fields);
FieldValues WithDossierDefaults(Vault& v, FieldValues fields);

}  // namespace passerelle::core::case_files_internal
