#pragma once

#include <stdexcept>
#include <string>

namespace edgenas::store {

/// The run database cannot be written or read for a reason outside the file's content (read-only
/// file or folder, full disk, lock held by another program, missing run). Damaged or foreign
/// files are core::InputError instead, since the user has to pick another file.
class StoreError : public std::runtime_error {
public:
    enum class Reason {
        ReadOnly,  ///< the file or its folder cannot be written
        DiskFull,  ///< no space left, or the size limit set with RunStore::limitSize was reached
        Locked,    ///< another connection held the lock longer than the busy timeout
        NotFound,  ///< the file, a run or a candidate does not exist
        Other,
    };

    StoreError(Reason reason, const std::string& message) : std::runtime_error(message), m_reason(reason) {}
    Reason reason() const { return m_reason; }

private:
    Reason m_reason;
};

} // namespace edgenas::store
