import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder scr writes files into (a plan folder, an export, a generated practice): created
/// owner-only with any folders above it that are missing, or, when it exists, tightened to
/// owner-only, since what scr writes there holds client data.
///
///     try OutputFolder.prepare("plans/2026-11")  // drwx------
package enum OutputFolder {
    /// Creates or tightens the folder; says why when it cannot (an empty path, a file in the way,
    /// no permission).
    package static func prepare(_ path: String) throws(FileError) {
        guard !path.isEmpty else { throw FileError(path: "''", "the output folder's path is empty; name a folder") }
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw FileError(path: path, "a file stands where the output folder goes; name a folder")
            }
            // A shared folder (sticky, as /tmp) is left as it is; special bits are kept.
            let sticky = status.st_mode & S_ISVTX != 0
            if !sticky && status.st_mode & 0o077 != 0 && status.st_uid == getuid()
                && chmod(path, status.st_mode & ~0o077 & 0o7777) != 0
            {
                throw FileError(path: path, "cannot make the folder owner-only: \(BlockFile.reason(errno))")
            }
            return
        }
        // Not NSString's deletingLastPathComponent: on Linux it crashes on a one-letter path.
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if let slash = trimmed.lastIndex(of: "/"), slash != trimmed.startIndex {
            let parent = String(trimmed[..<slash])
            if stat(parent, &status) != 0 {
                try prepare(parent)
            } else if status.st_mode & S_IFMT != S_IFDIR {
                throw FileError(path: path, "cannot create the folder: '\(parent)' is a file, not a folder")
            }
        }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw FileError(path: path, "cannot create the folder: \(BlockFile.reason(errno))")
        }
    }
}
