// Runs a fuzz target over saved inputs without libFuzzer, so the committed
// corpus (and any reproducer) replays in the normal test suite:
//   replay_NAME DIR_OR_FILE...
// Directories are walked recursively in name order. Exits 0 when every
// input ran; an invariant violation aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

namespace fs = std::filesystem;

bool replayFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "cannot read " << path << '\n';
        return false;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // libFuzzer never passes a null pointer, even for an empty input.
    static const uint8_t empty = 0;
    const auto *data = bytes.empty() ? &empty : reinterpret_cast<const uint8_t *>(bytes.data());
    LLVMFuzzerTestOneInput(data, bytes.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " DIR_OR_FILE...\n";
        return 2;
    }
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        const fs::path argument(argv[i]);
        std::error_code error;
        std::vector<fs::path> files;
        if (fs::is_directory(argument, error)) {
            for (const fs::directory_entry &entry : fs::recursive_directory_iterator(argument, error)) {
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
        } else if (fs::is_regular_file(argument, error)) {
            files.push_back(argument);
        }
        if (error || files.empty()) {
            std::cerr << "no inputs in " << argument << '\n';
            ok = false;
            continue;
        }
        std::size_t ran = 0;
        for (const fs::path &file : files)
            ran += replayFile(file) ? 1 : 0;
        std::cout << "replayed " << ran << " of " << files.size() << " inputs from " << argument << '\n';
        ok = ok && ran == files.size();
    }
    return ok ? 0 : 1;
}
