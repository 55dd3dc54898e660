#pragma once

// Writes small CIFAR binary files for the loader tests: real archives are 160 MB and not
// installed on the build machines.

#include <QDir>
#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <cstdint>
#include <vector>

namespace edgenas::data::testing {

/// The byte at (channel, y, x) of synthetic image `image`: distinct per sample and per plane,
/// so a wrong record size or channel order shows up.
inline std::uint8_t syntheticPixel(int image, int channel, int y, int x)
{
    return std::uint8_t(image * 37 + channel * 101 + y * 3 + x);
}

/// One record per label: the label bytes (one for CIFAR-10, coarse and fine for CIFAR-100),
/// then the R, G, B planes; images are numbered from firstImage.
inline QByteArray cifarRecords(const std::vector<std::vector<std::uint8_t>>& labelBytes, int firstImage)
{
    QByteArray bytes;
    for (std::size_t r = 0; r < labelBytes.size(); ++r) {
        for (std::uint8_t label : labelBytes[r])
            bytes.append(char(label));
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x)
                    bytes.append(char(syntheticPixel(firstImage + int(r), c, y, x)));
    }
    return bytes;
}

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// CIFAR-10 with 3 records per file: batch b (1..5) has labels b-1, b, b+1 (mod 10) and images
/// 3(b-1)..; the test batch has labels 7, 8, 9 and images 100...
inline bool writeCifar10(const QString& folder)
{
    bool ok = true;
    for (int b = 1; b <= 5; ++b) {
        const auto label = [b](int k) { return std::uint8_t((b - 1 + k) % 10); };
        ok &= writeBytes(folder + QStringLiteral("/data_batch_%1.bin").arg(b),
                         cifarRecords({{label(0)}, {label(1)}, {label(2)}}, 3 * (b - 1)));
    }
    ok &= writeBytes(folder + QStringLiteral("/test_batch.bin"), cifarRecords({{7}, {8}, {9}}, 100));
    return ok;
}

/// CIFAR-100 with 3 records per file: (coarse, fine) = (0, 5), (19, 99), (3, 0) for train,
/// (1, 42), (2, 43) for test; images from 0 and 100.
inline bool writeCifar100(const QString& folder)
{
    return writeBytes(folder + QStringLiteral("/train.bin"), cifarRecords({{0, 5}, {19, 99}, {3, 0}}, 0)) &&
           writeBytes(folder + QStringLiteral("/test.bin"), cifarRecords({{1, 42}, {2, 43}}, 100));
}

} // namespace edgenas::data::testing
