// Detects saved changes lost with the vault's journal (PATH-wal) before SQLite opens the vault.
//
// In WAL mode a save is durable once its frames are in PATH-wal; they reach PATH only at the next
// checkpoint. If the process stops without checkpointing (crash, kill, power cut) and PATH-wal is
// then deleted or damaged, SQLite silently opens the older state left in PATH: every count in the
// database agrees with itself, so nothing inside it can tell. The shared-memory index PATH-shm,
// which outlives the crash, still says how many journal frames were committed. Comparing it with
// what PATH-wal really holds (frames present, salts and checksums valid) measures the loss. SQLite
// rebuilds PATH-shm from PATH-wal when the first connection opens, so this must run before that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace passerelle::core::journal {

struct Loss {
  uint32_t committed_frames = 0;  // what PATH-shm says was saved and not yet checkpointed
  uint32_t readable_frames = 0;   // how many of them PATH-wal still holds intact
  std::string describe() const;
};

// A loss when the index says more was saved than the journal holds; nullopt when the files agree,
// when there is no index (clean close, or deleted together with the journal), or when another
// program has the vault open (its index is live, not a crash image).
std::optional<Loss> FindLoss(const std::string& db_path);

}  // namespace passerelle::core::journal
