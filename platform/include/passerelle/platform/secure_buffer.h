// SecureBuffer: a fixed-size byte buffer in libsodium guarded memory (mlock'ed so it never reaches
// swap, surrounded by guard pages, wiped on free). Keys and passphrases live only in these buffers;
// destroying the buffer is what "lock" means for a secret. Not thread-safe; move-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace passerelle::platform {

class SecureBuffer {
 public:
  SecureBuffer() = default;
  // Allocates `size` bytes, zero-filled. Aborts (like operator new) if guarded memory is exhausted.
  explicit SecureBuffer(size_t size);
  static SecureBuffer FromString(std::string_view text);
  ~SecureBuffer();
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }
  // Wipes and frees now (idempotent).
  void Wipe();

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Initialises libsodium once; every entry point that uses crypto calls it. Returns false if the
// library cannot start (no entropy source), which callers report as an internal error.
bool InitCrypto();

// Fills `out` with cryptographically secure random bytes.
void RandomBytes(std::span<uint8_t> out);
uint64_t RandomU64();

// Overwrites memory in a way the optimiser cannot remove.
void SecureWipe(void* data, size_t size);

}  // namespace passerelle::platform
