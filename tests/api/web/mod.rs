//! The pages where people act, through HTTP as a browser drives them: signing in and out,
//! sessions, CSRF and cross-site refusals, proposing, reviewing and deciding with forms, the
//! CDO's accounts pages, and the headers every page carries.

mod accounts;
mod adoption;
mod forms;
mod headers;
mod proposals;
mod sign_in;
