//! placeholder: the HTTP server (issue 5).
