import { describe } from 'vitest'
import { createTypeScriptEngine } from '../../src/search/typescript-engine.js'
import { engineContract } from './contract.js'

describe('typescript engine', () => engineContract(createTypeScriptEngine))
