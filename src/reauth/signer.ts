/** Hidden key of the mechanism object that holds its {@link SaslClient}. */
export const SIGNER: unique symbol = Symbol.for('kafkajs-msk-iam.signer')
