-- Issue 17: email as a channel (Via/Platform 'email', Person.preferredChannel), signed links, server secrets.

-- AlterEnum
ALTER TYPE "Via" ADD VALUE IF NOT EXISTS 'email';

-- AlterEnum
ALTER TYPE "Platform" ADD VALUE IF NOT EXISTS 'email';

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "preferredChannel" "Platform";

-- CreateTable
CREATE TABLE "ServerSecret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerSecret_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "SignedLink" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "actionRefs" TEXT[],
    "contractRefs" TEXT[],
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignedLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignedLink_personId_idx" ON "SignedLink"("personId");

-- AddForeignKey
ALTER TABLE "SignedLink" ADD CONSTRAINT "SignedLink_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignedLink" ADD CONSTRAINT "SignedLink_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

