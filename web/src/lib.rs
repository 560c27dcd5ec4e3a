//! The browser's view of the simulated board. Filled by the playground issue.
