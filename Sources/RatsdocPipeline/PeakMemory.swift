import Foundation

/// Peak resident memory, as the kernel keeps it (`getrusage`).
public enum PeakMemory {
    /// This process's peak RSS in MiB, or (`children`) that of its largest child that has ended and
    /// been waited for: for a batch, its largest worker.
    public static func megabytes(children: Bool) -> Double {
        var usage = rusage()
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
