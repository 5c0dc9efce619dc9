"""The application layer: what happens on Check, Produce and Sign, for the CLI and the GUI alike.

`preflight` says what stands between a case and its final documents (the rules' and the
review's findings, the profiles a command needs); `produce` builds the documents after that
check; `package` decides whether a case may be signed and has the signing library write the
package. The submodules are imported where used: `check` must not pay for signing.
"""
