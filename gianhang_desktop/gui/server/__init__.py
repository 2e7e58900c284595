"""Several PCs on the cooperative's server: the connection dialog (first start, settings, a server
that cannot be reached at start), the live link that brings the other PCs' changes into
`ctx.changes`, and the banner while the server is away."""
