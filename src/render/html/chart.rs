//! Bar charts as SVG: axes labelled, every bar's number in its `<title>`.
