#pragma once

// For tests that must prove bad input creates and changes no file: copy a corpus folder, take a
// snapshot of every entry under it, and say what differs between two snapshots.

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QString>
#include <QStringList>

namespace edgenas::test {

/// Copies every file and folder under `from` into `to`; false at the first failure.
inline bool copyTree(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + "/" + QDir(from).relativeFilePath(source);
        if (it.fileInfo().isDir() ? !QDir().mkpath(target) : !QFile::copy(source, target))
            return false;
    }
    return true;
}

/// Every entry under the folder: kind, size, modification time and, for files, a content hash.
inline QMap<QString, QString> folderSnapshot(const QString& root) {
    QMap<QString, QString> entries;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        QString state = QString("%1 %2 bytes, modified %3")
                            .arg(info.isDir() ? "folder" : "file")
                            .arg(info.isDir() ? 0 : info.size())
                            .arg(info.lastModified().toMSecsSinceEpoch());
        if (info.isFile()) {
            QFile file(path);
            QCryptographicHash hash(QCryptographicHash::Sha1);
            if (file.open(QIODevice::ReadOnly) && hash.addData(&file))
                state += ", sha1 " + hash.result().toHex();
            else
                state += ", unreadable";
        }
        entries[QDir(root).relativeFilePath(path)] = state;
    }
    return entries;
}

/// "created X; changed Y (...); removed Z", or empty when the snapshots agree.
inline QString snapshotChanges(const QMap<QString, QString>& before, const QMap<QString, QString>& after) {
    QStringList changes;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            changes << "created " + it.key();
        else if (before[it.key()] != it.value())
            changes << "changed " + it.key() + " (" + before[it.key()] + " -> " + it.value() + ")";
    }
    for (auto it = before.begin(); it != before.end(); ++it)
        if (!after.contains(it.key()))
            changes << "removed " + it.key();
    return changes.join("; ");
}

} // namespace edgenas::test
