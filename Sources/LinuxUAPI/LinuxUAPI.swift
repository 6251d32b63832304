/// What userspace sees of Linux's DRM and dma-buf API, as values: error numbers
/// (`Errno`, printed as the failed call's name, the error's name and its message),
/// and the flags and structures of the ioctls. DocModel and RealLinux both re-export
/// it, so a scenario written against one names the same types in the other.
public enum LinuxUAPI {}
