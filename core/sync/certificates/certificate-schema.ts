/** A certificate this device has seen: its own, its chains' ancestors, and its peers'. */
export interface SyncCertificateTable {
  id: string;
  parent_id: string | null;
  profile: string;
  scope_definition: string;
  scope_version: number;
  /** JSON object of scope parameters (`dataset_id`, `user_id`). */
  scope_params: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  public_key: string;
  salt: string;
  signature: string;
  /** 1 for a root certificate this device trusts (it created it, or was provisioned with it). */
  trusted: number;
  created_at: number;
}

/** Private keys this device holds, by public key: of its own certificates, and of pending requests. */
export interface SyncPrivateKeyTable {
  public_key: string;
  /** Base64 of the 32-byte Ed25519 seed. */
  private_key: string;
  created_at: number;
}

/** A signed revocation of a certificate (and so of its descendants). Synced like data. */
export interface SyncRevocationTable {
  certificate_id: string;
  dataset_id: string;
  revoked_at: number;
  /** JSON `Certificate[]`, root first: the chain of the certificate that signed the revocation. */
  signer_chain: string;
  signature: string;
  sync_dirty: number;
}

/** The kysely schema of the certificate tables. */
export interface CertificateSchema {
  sync_certificate: SyncCertificateTable;
  sync_private_key: SyncPrivateKeyTable;
  sync_revocation: SyncRevocationTable;
}
