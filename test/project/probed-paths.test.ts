/** The paths a replayed check reads again are those find-project.ts and package-manager-detector look at. */
import { LOCKS } from 'package-manager-detector/constants'
import { expect, test } from 'vitest'
import { packageFileNames } from '../../src/project/probed-paths.js'

test("every file package-manager-detector decides by is one the replay reads again (its LOCKS, rush.json, package.json)", () => {
  expect([...packageFileNames()].sort()).toEqual(['package.json', 'rush.json', ...Object.keys(LOCKS)].sort())
})
