// Versioned schema migrations, run in one transaction on open. PRAGMA user_version holds the
// version. A migration is never edited once released: add a new one instead.
#pragma once

#include <sqlite3.h>

#include "passerelle/platform/status.h"

namespace passerelle::core::schema {

int LatestVersion();
// Brings the database from its current version up to `target` (default: latest). Fails with
// kUnsupported if the database is newer than this build.
Status Migrate(sqlite3* db, int target = -1);
Result<int> CurrentVersion(sqlite3* db);

}  // namespace passerelle::core::schema
