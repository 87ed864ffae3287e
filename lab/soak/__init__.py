"""`arcflux soak`: the whole service under load, chaos and SIGKILL, then an audit."""
