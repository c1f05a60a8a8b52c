// Schema version 2: the service directory's tables (owned by the directory module).
namespace passerelle::core::schema {
extern const char* const kSchemaV2Directory;
const char* const kSchemaV2Directory = "";
}  // namespace passerelle::core::schema
