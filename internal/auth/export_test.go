package auth

// EncodeHash lets the external tests write a hash from its parts.
var EncodeHash = encodeHash
