// Runs a libFuzzer target over files and folders without libFuzzer (gcc builds, CI's normal
// and sanitizer passes): every corpus input, the kept crashes included, stays a regression test.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// --prefix-all=N: feed each file named after it N times, behind each first byte 0..N-1, so
// one folder of venue payloads reaches every decoder a target picks by its first byte.
int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    size_t n = 0;
    int prefixes = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]).rfind("--prefix-all=", 0) == 0) {
            prefixes = std::stoi(argv[i] + 13);
            continue;
        }
        std::vector<fs::path> files;
        if (fs::is_directory(argv[i])) {
            for (const auto& e : fs::recursive_directory_iterator(argv[i]))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.emplace_back(argv[i]);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (prefixes == 0) {
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
                ++n;
            }
            for (int p = 0; p < prefixes; ++p) {
                std::string in = std::string(1, static_cast<char>(p)) + bytes;
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
                ++n;
            }
        }
    }
    std::printf("replayed %zu inputs\n", n);
    return n ? 0 : 1;
}
