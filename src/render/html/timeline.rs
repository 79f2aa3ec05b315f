//! `simulate --format html`: the environment, the summary and a timeline.
