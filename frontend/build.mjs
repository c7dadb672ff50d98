// Builds Vidhuk's static assets into ../vidhuk/static/dist/.
//
//   npm ci && npm run build
//
// Offline and deterministic: it reads only frontend/src and node_modules, and
// the same inputs give byte-identical output (no timestamps, no source maps
// with absolute paths). It ends by checking the output for things that must
// never ship: GOV.UK's font and crown/crest, and URLs to other hosts.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import * as esbuild from 'esbuild'
import * as sass from 'sass'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
const src = path.join(here, 'src')
const out = path.resolve(here, '..', 'vidhuk', 'static', 'dist')

async function buildCss () {
  const result = sass.compile(path.join(src, 'scss', 'vidhuk.scss'), {
    loadPaths: [path.join(here, 'node_modules')],
    style: 'compressed',
    sourceMap: false,
    // Warnings from inside govuk-frontend are theirs to fix, not ours.
    quietDeps: true
  })
  await writeFile(path.join(out, 'vidhuk.css'), result.css + '\n')
}

async function buildJs () {
  await esbuild.build({
    entryPoints: [path.join(src, 'js', 'vidhuk.mjs')],
    outfile: path.join(out, 'vidhuk.js'),
    bundle: true,
    format: 'esm',
    // Browsers that run <script type="module"> (GOV.UK Frontend's own bar).
    target: ['es2020'],
    minify: true,
    sourcemap: false,
    // One licence notice instead of every upstream JSDoc block.
    legalComments: 'none',
    banner: { js: '/*! Vidhuk front end. Includes GOV.UK Frontend, MIT licence, (c) Crown Copyright (Government Digital Service). */' },
    logLevel: 'warning'
  })
}

async function copyAssets () {
  const htmx = require.resolve('htmx.org/dist/htmx.min.js')
  await copyFile(htmx, path.join(out, 'htmx.min.js'))

  const images = path.join(out, 'images')
  await mkdir(images, { recursive: true })
  for (const name of (await readdir(path.join(src, 'images'))).sort()) {
    await copyFile(path.join(src, 'images', name), path.join(images, name))
  }
}

// Patterns that must never appear in what we ship.
const forbidden = [
  [/GDS Transport/i, "GOV.UK's GDS Transport font"],
  [/\.woff2?\b/i, 'a web font file'],
  [/govuk-crest|govuk-footer__crown|govuk-header__crown|govuk-logo/i, 'the GOV.UK crown or crest'],
  [/url\(\s*["']?(?:https?:)?\/\//i, 'a URL to another host']
]

async function check () {
  const problems = []
  const css = await readFile(path.join(out, 'vidhuk.css'), 'utf8')
  for (const [pattern, what] of forbidden) {
    if (pattern.test(css)) problems.push(`vidhuk.css contains ${what} (${pattern})`)
  }
  // Every url() in the CSS must point at a file we ship.
  for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    const target = match[1]
    if (target.startsWith('data:')) continue
    try {
      await readFile(path.join(out, target))
    } catch {
      problems.push(`vidhuk.css refers to ${target}, which is not in dist/`)
    }
  }
  const js = await readFile(path.join(out, 'vidhuk.js'), 'utf8')
  if (/https?:\/\/(?!www\.w3\.org\/)[^\s"'`]*\.(?:js|css|woff2?)/i.test(js)) {
    problems.push('vidhuk.js loads something from another host')
  }
  if (problems.length) {
    for (const problem of problems) console.error(`build check: ${problem}`)
    process.exit(1)
  }
}

await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
await Promise.all([buildCss(), buildJs(), copyAssets()])
await check()

const files = (await readdir(out, { recursive: true })).sort()
console.log(`Built ${path.relative(process.cwd(), out) || out}: ${files.join(', ')}`)
