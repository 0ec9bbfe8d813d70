// Fetches /info and beacons from a drand HTTP API with the official drand-client and verifies them.
// usage: node interop.mjs <base URL> <chain hash> <public key hex> <round>...
// base is http://host:port (default chain) or http://host:port/<chain hash>.
// Exits 0 when every beacon verifies, 1 on any failure (printing why).
import {HttpCachingChain, HttpChainClient, fetchBeacon} from 'drand-client'

const [base, chainHash, publicKey, ...roundArgs] = process.argv.slice(2)
if (!base || !chainHash || !publicKey || roundArgs.length === 0) {
    console.error('usage: node interop.mjs <base URL> <chain hash> <public key hex> <round>...')
    process.exit(2)
}

const options = {
    disableBeaconVerification: false,
    noCache: true,
    chainVerificationParams: {chainHash, publicKey},
}

async function main() {
    const chain = new HttpCachingChain(base, options)
    const client = new HttpChainClient(chain, options)
    const info = await chain.info() // throws if hash or public key differ from the pinned ones
    console.log(`info ok: scheme=${info.schemeID} period=${info.period} beaconID=${info.metadata?.beaconID}`)
    for (const arg of roundArgs) {
        const round = Number(arg)
        const beacon = await fetchBeacon(client, round) // throws "The beacon retrieved was not valid!"
        if (beacon.round !== round) {
            throw new Error(`round ${round}: server answered round ${beacon.round}`)
        }
        console.log(`round ${round} ok: randomness=${beacon.randomness.slice(0, 8)}`)
    }
    const latest = await client.latest()
    const verified = await fetchBeacon(client, latest.round)
    if (verified.signature !== latest.signature) {
        throw new Error(`latest round ${latest.round}: differs from /public/${latest.round}`)
    }
    console.log(`latest ok: round ${latest.round}`)
}

main().then(
    () => process.exit(0),
    (err) => {
        console.error(`interop failed: ${err?.message ?? err}`)
        process.exit(1)
    })
