// Drives the official tlock-js (pinned in package-lock.json) for jdrand's interop tests:
//   node tlock-interop.mjs encrypt <chain-info.json> <round> <plaintext> <out.age>
//   node tlock-interop.mjs decrypt <chain-info.json> <beacon.json> <in.age> <plaintext-out>
// The chain client serves the given chain info and beacon; drand-client verifies the beacon
// against the chain's public key before tlock-js uses it.
import fs from "node:fs"
import tlock from "tlock-js"

const {timelockEncrypt, timelockDecrypt} = tlock

class FixedClient {
    constructor(info, beacon) {
        this.info = info
        this.beacon = beacon
        this.options = {disableBeaconVerification: false, noCache: true}
    }
    get(round) {
        if (!this.beacon || this.beacon.round !== round) {
            return Promise.reject(new Error(`no beacon for round ${round}`))
        }
        return Promise.resolve(this.beacon)
    }
    latest() {
        return this.get(this.beacon ? this.beacon.round : 0)
    }
    chain() {
        const info = this.info
        return {baseUrl: "", info: () => Promise.resolve(info)}
    }
}

const [cmd, infoFile, a, b, c] = process.argv.slice(2)
const info = JSON.parse(fs.readFileSync(infoFile, "utf8"))
console.log = () => {} // tlock-js logs every beacon it receives
try {
    if (cmd === "encrypt") {
        const armored = await timelockEncrypt(Number(a), fs.readFileSync(b), new FixedClient(info, null))
        fs.writeFileSync(c, armored)
    } else if (cmd === "decrypt") {
        const beacon = JSON.parse(fs.readFileSync(a, "utf8"))
        const plaintext = await timelockDecrypt(fs.readFileSync(b, "utf8"), new FixedClient(info, beacon))
        fs.writeFileSync(c, plaintext)
    } else {
        throw new Error(`unknown command ${cmd}`)
    }
    process.stdout.write("ok\n")
} catch (e) {
    process.stdout.write(`tlock-js failed: ${e && e.message ? e.message : e}\n`)
    process.exit(1)
}
