//! Safe to run in public: defects found by trying Concord as an attacker would, each reproduced
//! here first. No one approves their own organisation's proposal, even indirectly; every
//! surface refuses a bad token; cross-site simple POSTs never reach GraphQL; names cannot carry
//! NUL or bidirectional controls; one request cannot validate or compare without limit; and no
//! error echoes a huge input.

mod budgets;
mod comments;
mod drafts;
mod engine;
mod inputs;
mod panels;
mod queries;
mod traffic;
