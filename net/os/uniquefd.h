#pragma once

#include <QtGlobal>

#include <utility>

// Owns one file descriptor and closes it when it goes, so that no error
// path, early return or dropped queued call can leak one. Move-only; as
// cheap as the int it holds.
class UniqueFd final
{
public:
    UniqueFd() noexcept = default;
    // Takes ownership of `descriptor` (-1: none).
    explicit UniqueFd(int descriptor) noexcept
        : m_descriptor(descriptor)
    { }
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd &&other) noexcept
        : m_descriptor(other.release())
    { }
    UniqueFd &operator=(UniqueFd &&other) noexcept
    {
        reset(other.release());
        return *this;
    }
    Q_DISABLE_COPY(UniqueFd)

    // A second descriptor of the same open file, closed on exec; none on
    // failure (errno says why).
    static UniqueFd duplicate(int descriptor);

    int get() const noexcept { return m_descriptor; }
    explicit operator bool() const noexcept { return m_descriptor >= 0; }
    // Lets go of the descriptor without closing it: it is the caller's now.
    int release() noexcept { return std::exchange(m_descriptor, -1); }
    // Closes the descriptor held, if any, and holds `descriptor` instead.
    // errno is left as it was, so that an error path can close and still
    // report why it failed.
    void reset(int descriptor = -1) noexcept
    {
        if (const int previous = std::exchange(m_descriptor, descriptor); previous >= 0)
            closeKeepingErrno(previous);
    }

private:
    static void closeKeepingErrno(int descriptor) noexcept;

    int m_descriptor = -1;
};
